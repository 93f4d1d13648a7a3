package io.serstreams.modelserver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.classify.FileClassifier;
import io.serstreams.modelserver.classify.ResultJson;
import io.serstreams.modelserver.engine.InferenceEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ser classify FILE...}: one JSON line per segment, then one for the whole file. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify WAV or FLAC files (stereo split per channel): one JSON line per segment and one per file.")
final class ClassifyCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--batch", defaultValue = "16", description = "Segments per inference batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Audio files.")
    List<Path> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        try (InferenceEngine engine = InferenceEngine.open(ModelBundle.load(model.bundle()), model.engineOptions())) {
            FileClassifier classifier = new FileClassifier(engine, batch);
            ResultJson results = new ResultJson(engine.manifest());
            int failed = 0;
            for (Path file : files) {
                FileClassifier.FileResult result;
                try {
                    result = classifier.classify(AudioFiles.read(file));
                } catch (io.serstreams.featureextractor.audio.AudioFormatException e) {
                    // One bad file does not stop the others.
                    spec.commandLine().getErr().println("ser classify: " + e.getMessage());
                    failed++;
                    continue;
                }
                for (FileClassifier.SegmentResult segment : result.segments()) {
                    out.println(json.writeValueAsString(results.segment(file.toString(), segment)));
                }
                out.println(json.writeValueAsString(results.file(file.toString(), result)));
                out.flush();
            }
            return failed == 0 ? 0 : 1;
        }
    }
}
