package io.serstreams.streamprocessor.cli;

import io.serstreams.streamprocessor.replay.DemoCalls;
import io.serstreams.streamprocessor.replay.SampleCallAssembler;
import io.serstreams.streamprocessor.replay.SpeechSynthesiser;
import io.serstreams.streamprocessor.replay.TurnVoices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ser assemble-samples}: (re)builds the demo's calls, from a RAVDESS copy or synthesised, and prints the files written. */
@Command(name = "assemble-samples", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build the demo's stereo calls (agent left, customer right; the escalating one also as 8 kHz mu-law telephony) from RAVDESS "
                + "test speakers (--corpus DIR, else ../shared/corpora when present), else synthesised with eSpeak NG. By default they replace the "
                + "ones ./ser demo keeps in target/demo-calls. Prints the files written; progress goes to stderr."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./ser assemble-samples                          # rebuild the demo's calls",
                "  ./ser assemble-samples --synthesise --out /tmp/calls",
                "  ./ser demo --calls /tmp/calls                   # then replay them"})
final class AssembleSamplesCommand implements Callable<Integer> {
    @Option(names = "--corpus", paramLabel = "DIR", description = "A RAVDESS copy in its original layout (Actor_01 ... Actor_24 of 03-01-*.wav or .flac).")
    Path corpus;

    @Option(names = "--synthesise", description = "Synthesise the calls with eSpeak NG even where a corpus is present.")
    boolean synthesise;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the calls here (default: the demo's folder under target/demo-calls).")
    Path out;

    @Override
    public Integer call() {
        if (synthesise && corpus != null) {
            throw new IllegalArgumentException("give --corpus DIR or --synthesise, not both");
        }
        Path home = Path.of(System.getProperty("ser.home", "."));
        TurnVoices voices = synthesise ? SpeechSynthesiser.installed() : DemoCalls.voices(corpus, DemoCalls.corporaBeside(home));
        List<Path> written;
        if (out != null) {
            System.err.println("demo calls: " + voices.provenance());
            written = SampleCallAssembler.assemble(voices, out, System.err);
        } else {
            written = DemoCalls.prepare(voices, DemoCalls.folderIn(home), true, System.err);
        }
        written.forEach(System.out::println);
        return 0;
    }
}
