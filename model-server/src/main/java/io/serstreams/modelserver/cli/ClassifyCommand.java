package io.serstreams.modelserver.cli;

import io.serstreams.featureextractor.audio.AudioFileList;
import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.classify.FileClassifier;
import io.serstreams.modelserver.classify.ResultJson;
import io.serstreams.modelserver.classify.ResultTable;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
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
                "  ls *.flac | ./ser classify -          # files named on stdin (or in @LIST)"})
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
            FileClassifier classifier = new FileClassifier(engine, batch);
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
}
