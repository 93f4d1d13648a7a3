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
import io.serstreams.modelserver.testing.Mn04Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No emotion is claimed for what is not speech: each generated kind of non-speech, after a quiet line, at 16 kHz and over
 * an 8 kHz mu-law line, through the shipped models (the default, and the one over mn04 where {@code ../shared/encoders}
 * holds mn04). Its segments, where the voice detector lets any through, are found to hold no speech, and the channel
 * gets no reading. Speech still gets one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NonSpeechTest {
    private static final Path DEFAULT_MODEL = Path.of("..", "models", "mpgln");
    private static final Path MN04_MODEL = Path.of("..", "models", "mpgln-mn04");
    private final List<InferenceEngine> opened = new ArrayList<>();
    private InferenceEngine defaultEngine;
    private InferenceEngine mn04Engine;

    @AfterAll
    void close() {
        opened.forEach(InferenceEngine::close);
    }

    private InferenceEngine engine(String model) {
        if (model.equals("default")) {
            if (defaultEngine == null) {
                defaultEngine = open(ModelBundle.load(DEFAULT_MODEL));
            }
            return defaultEngine;
        }
        Mn04Fixtures.checkpoint();
        if (mn04Engine == null) {
            List<String> notices = new ArrayList<>();
            ModelBundle bundle = BundleLoader.configured(false, null, notices::add).load(MN04_MODEL);
            Assumptions.assumeTrue(bundle.encoder().isPresent(), "mn04 not loadable: " + notices);
            mn04Engine = open(bundle);
        }
        return mn04Engine;
    }

    private InferenceEngine open(ModelBundle bundle) {
        InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.cpu());
        opened.add(engine);
        return engine;
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String model : List.of("default", "mn04")) {
            for (NonSpeechSignals kind : NonSpeechSignals.values()) {
                for (TelephoneLine line : List.of(TelephoneLine.WIDEBAND, TelephoneLine.MU_LAW)) {
                    cases.add(Arguments.of(model, kind, line));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} model, {1}, {2}")
    @MethodSource("cases")
    void nonSpeechClaimsNoEmotion(String model, NonSpeechSignals kind, TelephoneLine line) {
        DecodedAudio audio = line.transmit(new DecodedAudio(NonSpeechSignals.RATE, new float[][]{kind.onALine(20, 5)}));
        FileClassifier.FileResult result = new FileClassifier(engine(model), 16).classify(audio);

        assertThat(result.segments()).as("segments found to hold speech").noneMatch(s -> s.prediction().speech().speech());
        assertThat(result.segments()).allSatisfy(s -> assertThat(s.prediction().speech().reason()).isNotBlank());
        FileClassifier.ChannelResult channel = result.channels().get(0);
        assertThat(channel.overall()).isNull();
        assertThat(channel.reason()).startsWith("no speech found");
        if (kind == NonSpeechSignals.MUSIC || kind == NonSpeechSignals.DTMF || kind == NonSpeechSignals.RING_BACK) {
            // Loud, changing sounds do pass the voice detector: the gate, not the detector, keeps them from an emotion.
            assertThat(result.segments()).as("segments the voice detector let through").isNotEmpty();
        }
    }

    @Test
    void generatedVoiceIsSpeechOnBothLines() {
        float[] voice = io.serstreams.modelserver.testing.Speech.voiceFor(140, 16000 * 6, 3);
        for (TelephoneLine line : List.of(TelephoneLine.WIDEBAND, TelephoneLine.MU_LAW)) {
            FileClassifier.FileResult result = new FileClassifier(engine("default"), 16)
                    .classify(line.transmit(new DecodedAudio(16000, new float[][]{voice})));
            assertThat(result.segments()).as(line.label()).isNotEmpty().allMatch(s -> s.prediction().speech().speech());
            assertThat(result.channels().get(0).overall()).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0} model")
    @MethodSource("models")
    void corpusSpeechOfTestSpeakersIsSpeechOnBothLines(String model) throws Exception {
        Path ravdess = Path.of("..", "..", "shared", "corpora", "ravdess");
        Assumptions.assumeTrue(Files.isDirectory(ravdess), "no corpora at " + ravdess.toAbsolutePath().normalize());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ravdess.resolve("Actor_21"))) {
            files = walk.filter(p -> p.toString().endsWith(".flac") || p.toString().endsWith(".wav")).sorted().limit(12).toList();
        }
        assertThat(files).hasSize(12);
        FileClassifier classifier = new FileClassifier(engine(model), 16);
        for (Path file : files) {
            for (TelephoneLine line : List.of(TelephoneLine.WIDEBAND, TelephoneLine.MU_LAW)) {
                assertThat(classifier.classify(line.transmit(AudioFiles.read(file))).channels().get(0).overall())
                        .as(file.getFileName() + " over " + line.label()).isNotNull();
            }
        }
    }

    static Stream<String> models() {
        return Stream.of("default", "mn04");
    }
}
