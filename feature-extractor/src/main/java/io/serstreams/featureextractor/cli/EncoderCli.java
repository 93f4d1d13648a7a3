package io.serstreams.featureextractor.cli;

import io.serstreams.featureextractor.encoder.EncoderCache;
import io.serstreams.featureextractor.encoder.EncoderException;
import io.serstreams.featureextractor.encoder.EncoderFetcher;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.featureextractor.encoder.Mn04Architecture;
import io.serstreams.featureextractor.encoder.TorchCheckpointReader;
import io.serstreams.featureextractor.encoder.TorchTensor;
import io.serstreams.schemas.errors.ErrorText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ser encoder ...}: the pre-trained encoder's weights, fetched into a cache outside the repository and checked. */
@Command(name = "ser", mixinStandardHelpOptions = true, subcommands = EncoderCli.Encoder.class,
        description = "SER Streams pre-trained encoder tools.")
public final class EncoderCli {
    private static final EncoderSpec SPEC = EncoderSpec.MN04;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new EncoderCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // An unforeseen failure in words (ErrorText), as every other command says it, not as an exception class name.
            String message = e instanceof EncoderException ? e.getMessage() : ErrorText.of(e);
            commandLine.getErr().println("ser encoder: " + message);
            return 1;
        });
        return cli;
    }

    @Command(name = "encoder", mixinStandardHelpOptions = true, subcommands = {Fetch.class, Info.class},
            description = "The pre-trained encoder EfficientAT mn04 (AudioSet, MIT licence): its weights are never part of the repository.",
            footerHeading = "%nExamples:%n",
            footer = {"  # download the release file into the cache",
                    "  ./ser encoder fetch",
                    "  # import a copy fetched elsewhere",
                    "  ./ser encoder fetch --from mn04_as_mAP_432.pt",
                    "  # where the cache is, and whether mn04 is there",
                    "  ./ser encoder info"})
    static final class Encoder {
    }

    /** Options every subcommand shares. */
    static final class CacheOption {
        @Option(names = "--cache", paramLabel = "DIR", description = "Cache folder (default: system property "
                + EncoderCache.ROOT_PROPERTY + ", else $" + EncoderCache.ROOT_ENV + ", else ~/.cache/ser-streams/encoders).")
        Path dir;

        EncoderCache cache() {
            return dir == null ? EncoderCache.configured() : new EncoderCache(dir, "--cache");
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Download mn04's official release file into the cache, or import a local copy; the file's sha256 is checked "
                    + "and a mismatch refused. Prints the cached file's path.", "Nothing is fetched when the cache already holds it."},
            footerHeading = "%nExamples:%n",
            footer = {"  ./ser encoder fetch",
                    "  ./ser encoder fetch --from ~/Downloads/mn04_as_mAP_432.pt",
                    "  ./ser encoder fetch --cache /srv/encoders \\",
                    "      --url https://mirror.example/mn04_as_mAP_432.pt"})
    static final class Fetch implements Callable<Integer> {
        @Option(names = "--from", paramLabel = "FILE", description = "Import this local copy of mn04_as_mAP_432.pt instead of downloading.")
        Path from;

        @Option(names = "--url", paramLabel = "URL", description = "Download from here instead of the official release address.")
        URI url;

        @CommandLine.Mixin
        CacheOption cacheOption = new CacheOption();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (from != null && url != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from and --url exclude each other: give one");
            }
            PrintWriter err = spec.commandLine().getErr();
            EncoderFetcher fetcher = EncoderFetcher.withDefaultClient(cacheOption.cache(), line -> {
                err.println(line);
                err.flush();
            });
            Optional<Path> cached = fetcher.cached(SPEC);
            Path file;
            if (cached.isPresent()) {
                err.println(SPEC.name() + " is already in the cache, verified");
                file = cached.get();
            } else if (from != null) {
                file = fetcher.importFile(SPEC, from);
            } else {
                file = fetcher.download(SPEC, url == null ? SPEC.release() : url);
            }
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            out.println(file);
            out.flush();
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = {"Where the cache is, and whether mn04's file is there, verified, and holds the network's tensors.",
                    "Exits with 1 when the file is absent or does not verify."},
            footerHeading = "%nExamples:%n",
            footer = {"  ./ser encoder info", "  SER_ENCODER_CACHE=/srv/encoders ./ser encoder info"})
    static final class Info implements Callable<Integer> {
        @CommandLine.Mixin
        CacheOption cacheOption = new CacheOption();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            EncoderCache cache = cacheOption.cache();
            Path file = cache.fileOf(SPEC);
            PrintWriter out = spec.commandLine().getOut();
            out.println("cache: " + cache.root() + " (" + cache.origin() + ")");
            int exit;
            if (!Files.isRegularFile(file)) {
                out.println(SPEC.name() + ": absent; run ./ser encoder fetch, or ./ser encoder fetch --from FILE with a copy of " + SPEC.fileName());
                exit = 1;
            } else {
                Optional<String> mismatch = SPEC.mismatch(file);
                if (mismatch.isPresent()) {
                    out.println(SPEC.name() + ": " + file + " does not verify: " + mismatch.get() + "; run ./ser encoder fetch to replace it");
                    exit = 1;
                } else {
                    Map<String, TorchTensor> tensors = TorchCheckpointReader.read(file);
                    Mn04Architecture.stateDict().check(tensors, file.toString());
                    out.println(SPEC.name() + ": " + file + " verified (sha256 " + SPEC.sha256() + ", " + SPEC.size() + " bytes); "
                            + tensors.size() + " tensors match the architecture");
                    exit = 0;
                }
            }
            out.flush();
            return exit;
        }
    }
}
