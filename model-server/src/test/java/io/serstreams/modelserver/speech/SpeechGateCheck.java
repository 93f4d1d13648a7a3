package io.serstreams.modelserver.speech;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.features.TelephoneLine;
import io.serstreams.featureextractor.signals.NonSpeechSignals;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.classify.FileClassifier;
import io.serstreams.modelserver.engine.BundleLoader;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The speech gate's figures, a documented command rather than a test ({@code model-server/speech-check.sh}):
 * per generated non-speech kind, the segments the engine emits and how many of them claim an emotion; per corpus,
 * the share of utterances that give at least one segment and at least one speech segment, wideband and over an
 * 8 kHz mu-law line. Arguments: a model folder, optionally the corpora folder (default ../shared/corpora), and optionally
 * which rules to run: {@code all} (the default gate), {@code pitch} (its pitch rules alone) or {@code audioset} (its AudioSet
 * rule alone, for a model over mn04).
 */
public final class SpeechGateCheck {
    private SpeechGateCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path model = Path.of(args.length > 0 ? args[0] : BundleLoader.DEFAULT_MODEL);
        Path corpora = Path.of(args.length > 1 ? args[1] : "../shared/corpora");
        String rules = args.length > 2 ? args[2] : "all";
        SpeechGate d = SpeechGate.DEFAULT;
        SpeechGate gate = switch (rules) {
            case "all" -> d;
            case "pitch" -> new SpeechGate(d.minPitchedShare(), d.maxSteadyShare(), d.minPitchSpread(), 0, 1);
            case "audioset" -> new SpeechGate(0, 1, 0, d.minAudioSetSpeech(), d.minAudioSetOther());
            default -> throw new IllegalArgumentException("rules: all, pitch or audioset, not " + rules);
        };
        ModelBundle bundle = BundleLoader.configured(false, BundleLoader.defaultModel(), System.err::println).load(model);
        try (InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.cpu(), gate)) {
            FileClassifier classifier = new FileClassifier(engine, 64);
            System.out.println("model " + bundle.manifest().name() + " " + bundle.manifest().version() + " from " + model + ", gate rules: " + rules);
            System.out.println("| kind | line | segments emitted | claiming an emotion |");
            System.out.println("|---|---|---:|---:|");
            for (NonSpeechSignals kind : NonSpeechSignals.values()) {
                DecodedAudio audio = new DecodedAudio(NonSpeechSignals.RATE, new float[][]{kind.onALine(60, 1)});
                for (TelephoneLine line : List.of(TelephoneLine.WIDEBAND, TelephoneLine.MU_LAW)) {
                    FileClassifier.FileResult result = classifier.classify(line.transmit(audio));
                    long claiming = result.segments().stream().filter(s -> s.prediction().speech().speech()).count();
                    System.out.printf(Locale.ROOT, "| %s | %s | %d | %d |%n", kind.name().toLowerCase(Locale.ROOT), line.label(),
                            result.segments().size(), claiming);
                }
            }
            if (!Files.isDirectory(corpora)) {
                System.err.println("no corpora at " + corpora + "; corpus figures left out");
                return;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(corpora)) {
                files = walk.filter(p -> p.toString().endsWith(".flac") || p.toString().endsWith(".wav")).sorted().toList();
            }
            Map<String, int[]> counts = new TreeMap<>();
            int done = 0;
            for (Path file : files) {
                String corpus = corpora.relativize(file).getName(0).toString();
                DecodedAudio audio = AudioFiles.read(file);
                int[] c = counts.computeIfAbsent(corpus, k -> new int[9]);
                c[0]++;
                int column = 1;
                for (TelephoneLine line : List.of(TelephoneLine.WIDEBAND, TelephoneLine.MU_LAW)) {
                    FileClassifier.FileResult result = classifier.classify(line.transmit(audio));
                    if (!result.segments().isEmpty()) {
                        c[column]++;
                    }
                    if (result.channels().get(0).overall() != null) {
                        c[column + 1]++;
                    }
                    c[column == 1 ? 5 : 7] += result.segments().size();
                    c[column == 1 ? 6 : 8] += (int) result.segments().stream().filter(r -> !r.prediction().speech().speech()).count();
                    column += 2;
                }
                if (++done % 500 == 0) {
                    System.err.printf(Locale.ROOT, "%d of %d files%n", done, files.size());
                }
            }
            System.out.println();
            System.out.println("| corpus | utterances | wideband: >= 1 segment | wideband: >= 1 speech segment | wideband: segments found no speech "
                    + "| mu-law: >= 1 segment | mu-law: >= 1 speech segment | mu-law: segments found no speech |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            int[] total = new int[9];
            counts.forEach((corpus, c) -> {
                row(corpus, c);
                for (int i = 0; i < 9; i++) {
                    total[i] += c[i];
                }
            });
            row("all", total);
        }
    }

    private static void row(String name, int[] c) {
        System.out.printf(Locale.ROOT, "| %s | %d | %.2f%% | %.2f%% | %d of %d | %.2f%% | %.2f%% | %d of %d |%n", name, c[0], pct(c[1], c[0]),
                pct(c[2], c[0]), c[6], c[5], pct(c[3], c[0]), pct(c[4], c[0]), c[8], c[7]);
    }

    private static double pct(int part, int whole) {
        return 100.0 * part / whole;
    }
}
