package io.serstreams.trainer.cli;

import io.serstreams.trainer.export.CheckpointExporter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ser export}: a model bundle from a training checkpoint, finished or not. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export the latest checkpoint of a training run (run.json + state.bin) as an ONNX model bundle.",
        footerHeading = "%nExamples:%n",
        footer = {"  # a bundle from a run's latest checkpoint, finished or not",
                "  ./ser export --checkpoint target/checkpoints/adaptation-mpgl \\",
                "      --out target/models/mpgl-checkpoint"})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", paramLabel = "DIR", required = true, description = "Checkpoint folder written by ser train (e.g. target/checkpoints/adaptation-mpgl).")
    Path checkpoint;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Bundle folder to write (files of an earlier bundle there are overwritten).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path bundle = CheckpointExporter.export(checkpoint, out);
        spec.commandLine().getOut().println("bundle: " + bundle + " (serve it with ./ser serve-model --model " + bundle + ")");
        return 0;
    }
}
