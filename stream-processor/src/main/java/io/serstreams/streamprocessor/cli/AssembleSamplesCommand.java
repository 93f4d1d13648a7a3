package io.serstreams.streamprocessor.cli;

import io.serstreams.streamprocessor.replay.SampleCallAssembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ser assemble-samples}: rebuilds the demo's sample calls in samples/ from the RAVDESS corpus. */
@Command(name = "assemble-samples", mixinStandardHelpOptions = true,
        description = "Build the demo's stereo sample calls from RAVDESS clips of test speakers (see samples/README.md).")
final class AssembleSamplesCommand implements Callable<Integer> {
    @Option(names = "--corpora", paramLabel = "DIR", description = "Folder holding ravdess/ (default: ../shared/corpora beside the project).")
    Path corpora;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the calls go (default: samples/ in the project).")
    Path out;

    @Override
    public Integer call() {
        Path home = Path.of(System.getProperty("ser.home", "."));
        Path root = corpora != null ? corpora : home.resolve("../shared/corpora").normalize();
        SampleCallAssembler.assemble(root.resolve("ravdess"), out != null ? out : home.resolve("samples"), System.out);
        return 0;
    }
}
