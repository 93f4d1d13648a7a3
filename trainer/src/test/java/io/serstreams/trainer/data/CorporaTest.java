package io.serstreams.trainer.data;

import io.serstreams.trainer.labels.Emotion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The five corpora read in their original naming, against the counts of their README and splits.csv. */
class CorporaTest {
    static Path root;
    static List<Utterance> all;
    static DataProblems problems;

    @BeforeAll
    static void read() {
        root = Path.of(System.getProperty("shared.dir", "../../shared")).resolve("corpora");
        Assumptions.assumeTrue(Files.isDirectory(root), "corpora not present: " + root);
        problems = new DataProblems(DataProblems.Policy.FAIL);
        all = Corpora.read(root, Corpora.domains(), problems);
    }

    private static List<Utterance> of(String domain) {
        return all.stream().filter(u -> u.domain().equals(domain)).toList();
    }

    @Test
    void readsEveryFileOfEveryCorpus() {
        assertThat(of("emodb")).hasSize(535);
        assertThat(of("emovo")).hasSize(588);
        assertThat(of("ravdess")).hasSize(1434);
        assertThat(of("korean")).hasSize(300);
        assertThat(of("baved")).hasSize(1935);
        assertThat(problems.reported()).isEmpty();
    }

    @Test
    void speakersAreTheOnesSplitsCsvNames() {
        SpeakerSplits splits = SpeakerSplits.load(root.resolve("splits.csv"));
        Map<String, Set<String>> speakers = all.stream().collect(Collectors.groupingBy(Utterance::domain,
                Collectors.mapping(Utterance::speaker, Collectors.toSet())));
        assertThat(speakers.get("emodb")).hasSize(10);
        assertThat(speakers.get("emovo")).containsExactlyInAnyOrder("f1", "f2", "f3", "m1", "m2", "m3");
        assertThat(speakers.get("ravdess")).hasSize(24).contains("Actor_01", "Actor_24");
        assertThat(speakers.get("korean")).hasSize(15);
        assertThat(speakers.get("baved")).hasSize(60);
        // Every utterance has a side, and the test side holds whole speakers only.
        long test = all.stream().filter(splits::isTest).count();
        assertThat(test).isBetween(500L, 2000L);
        assertThat(all.stream().filter(u -> u.domain().equals("emodb") && splits.isTest(u)).map(Utterance::speaker).distinct())
                .containsExactlyInAnyOrder("03", "08");
    }

    @Test
    void labelsFollowEachCorpusesNaming() {
        assertThat(of("emodb").stream().map(u -> u.labels().emotion()).distinct()).containsExactlyInAnyOrder(
                Emotion.ANGRY, Emotion.BOREDOM, Emotion.DISGUST, Emotion.FEAR, Emotion.HAPPY, Emotion.SAD, Emotion.NEUTRAL);
        assertThat(of("ravdess").stream().map(u -> u.labels().emotion()).distinct()).hasSize(8).contains(Emotion.CALM, Emotion.SURPRISE);
        assertThat(of("korean").stream().map(u -> u.labels().emotion()).distinct())
                .containsExactlyInAnyOrder(Emotion.NEUTRAL, Emotion.HAPPY, Emotion.ANGRY, Emotion.SAD);
        assertThat(of("baved")).allSatisfy(u -> {
            assertThat(u.labels().emotion()).isNull();
            assertThat(u.labels().valence()).isNull();
            assertThat(u.labels().arousal()).isNotNull();
        });
        Utterance file = of("emodb").stream().filter(u -> u.file().getFileName().toString().startsWith("03a01Wa")).findFirst().orElseThrow();
        assertThat(file.speaker()).isEqualTo("03");
        assertThat(file.labels().emotion()).isEqualTo(Emotion.ANGRY);
    }
}
