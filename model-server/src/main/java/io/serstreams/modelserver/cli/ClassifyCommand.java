package io.serstreams.modelserver.cli;

import io.serstreams.featureextractor.audio.AudioFileList;
import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.classify.DomainProfileBuilder;
import io.serstreams.modelserver.classify.FileClassifier;
import io.serstreams.modelserver.classify.ResultJson;
import io.serstreams.modelserver.classify.ResultTable;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.profile.DomainProfile;
import io.serstreams.modelserver.profile.DomainProfileFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ser classify FILE|DIR|@LIST|-...}: JSON lines (a line per segment, then one per file) or a table. */
@Command(name = "classify", mixinStandardHelpOptions = true, version = ModelServerCli.VERSION,
        description = {"Classify WAV or FLAC recordings with the model: the emotion, arousal and valence of each speech segment "
                + "and of each channel (a stereo call's agent, channel 0, and customer, channel 1, apart).",
                "A file that cannot be decoded is reported on stderr and the others are still classified; the exit code is 1 "
                        + "when any file failed."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./ser classify call.wav               # JSON lines, per segment and per file",
                "  ./ser classify --format table calls/  # every .wav/.flac below calls/",
                "  ls *.flac | ./ser classify -          # files named on stdin (or in @LIST)",
                "  ./ser classify --adapt site-a/ --domain-profile site-a.json calls/   # standardise by site A's own statistics, and keep them",
                "  ./ser classify --domain-profile site-a.json call.wav                 # use them again"})
final class ClassifyCommand implements Callable<Integer> {

    /** How results are printed. */
    enum Format { JSON, TABLE }

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--batch", paramLabel = "N", defaultValue = "16", description = "Segments per inference batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--format", paramLabel = "json|table", defaultValue = "json",
            description = "json: a JSON line per segment and per file; table: a line per file and channel (default: json).")
    Format format;

    @Option(names = "--adapt", paramLabel = "FILE|DIR|@LIST",
            description = "Unlabelled recordings of the same domain (tenant, language, site; repeat the option for more, or give a "
                    + "folder or @LIST): their speech segments' statistics "
                    + "standardise every segment instead of the training pool's (unsupervised adaptation). Said on stderr and "
                    + "in each file line (domainProfile).")
    List<Path> adapt;

    @Option(names = "--domain-profile", paramLabel = "FILE",
            description = "With --adapt: save the domain's statistics to FILE. Without: load them from FILE (made earlier with --adapt).")
    Path profileFile;

    @Option(names = "--domain", paramLabel = "NAME", description = "Name of the domain --adapt describes (default: the first --adapt path's name).")
    String domainName;

    @Option(names = "--adapt-min-speech", paramLabel = "SECONDS", defaultValue = "30",
            description = "Speech --adapt must find, in seconds, for its statistics to be trusted (default: ${DEFAULT-VALUE}).")
    double minSpeechSeconds;

    @Parameters(paramLabel = "FILE|DIR|@LIST|-", arity = "1..*",
            description = "WAV or FLAC files; folders (searched recursively for .wav and .flac); @LIST, a text file naming a file "
                    + "or folder per line; - for such a list on standard input.")
    List<Path> paths;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where {@code -} reads its list from; tests give their own. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        List<Path> files = AudioFileList.expand(paths, stdin);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EngineOptions options = model.engineOptions(); // a wrong --device is told before the model loads
        ModelBundle bundle = model.load(line -> {
            err.println("ser classify: " + line);
            err.flush();
        });
        err.println("ser classify: " + bundle.describe());
        err.flush();
        try (InferenceEngine engine = InferenceEngine.open(bundle, options)) {
            DomainProfile profile = profile(engine, err);
            FileClassifier classifier = new FileClassifier(engine, batch).withProfile(profile);
            if (profile != null) {
                err.println("ser classify: segments standardised by " + profile.describe() + " instead of the training pool's statistics");
                err.flush();
            }
            ResultJson json = new ResultJson(engine.manifest());
            ResultTable table = new ResultTable(out, files.stream().mapToInt(f -> f.toString().length()).max().orElse(0));
            if (format == Format.TABLE) {
                table.header();
            }
            int failed = 0;
            for (Path file : files) {
                FileClassifier.FileResult result;
                try {
                    result = classifier.classify(AudioFiles.read(file));
                } catch (AudioFormatException e) {
                    // One bad file does not stop the others.
                    err.println("ser classify: " + e.getMessage());
                    err.flush();
                    failed++;
                    continue;
                }
                String name = file.toString();
                if (format == Format.TABLE) {
                    table.file(name, result);
                } else {
                    for (FileClassifier.SegmentResult segment : result.segments()) {
                        out.println(json.write(json.segment(name, segment)));
                    }
                    out.println(json.write(json.file(name, result)));
                }
                out.flush();
            }
            if (failed > 0) {
                err.println("ser classify: " + failed + " of " + files.size() + " files could not be classified");
            }
            return failed == 0 ? 0 : 1;
        }
    }

    /** The domain profile asked for: made from --adapt's recordings (and saved), or loaded from --domain-profile; null for none. */
    private DomainProfile profile(InferenceEngine engine, PrintWriter err) {
        if (adapt == null) {
            if (profileFile == null) {
                return null;
            }
            DomainProfile loaded = DomainProfileFile.read(profileFile);
            loaded.checkFits(engine.manifest());
            return loaded;
        }
        List<Path> recordings = AudioFileList.expand(adapt, stdin);
        String name = domainName != null ? domainName : String.valueOf(adapt.get(0).toAbsolutePath().normalize().getFileName());
        DomainProfileBuilder builder = new DomainProfileBuilder(engine, batch);
        for (Path file : recordings) {
            try {
                builder.add(AudioFiles.read(file));
            } catch (AudioFormatException e) {
                // An unreadable recording leaves the profile to the others.
                err.println("ser classify: --adapt: " + e.getMessage());
            }
            err.printf(Locale.ROOT, "ser classify: --adapt: %d of %d recordings read, %.1f s of speech%n", builder.recordings(), recordings.size(),
                    builder.speechSeconds());
            err.flush();
        }
        if (builder.speechSeconds() < minSpeechSeconds) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--adapt found %.1f s of speech in %d recordings; a domain profile needs at "
                    + "least %.0f s (--adapt-min-speech): give more recordings of the domain", builder.speechSeconds(), recordings.size(), minSpeechSeconds));
        }
        DomainProfile made = builder.build(name);
        if (profileFile != null) {
            DomainProfileFile.write(made, profileFile);
            err.println("ser classify: " + made.describe() + " saved to " + profileFile);
        }
        return made;
    }
}
