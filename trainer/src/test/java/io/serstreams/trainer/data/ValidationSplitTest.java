package io.serstreams.trainer.data;

import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.labels.UtteranceLabels;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ValidationSplitTest {
    private static Utterance u(String domain, String speaker) {
        return new Utterance(Path.of(domain + speaker + ".wav"), domain, speaker, UtteranceLabels.of(Emotion.SAD));
    }

    @Test
    void everyFourthSpeakerOfEachCorpusIsHeldForValidation() {
        List<Utterance> train = new ArrayList<>();
        for (String s : List.of("03", "08", "09", "10", "11", "12", "13", "14")) {
            train.add(u("emodb", s));
            train.add(u("emodb", s));
        }
        for (String s : List.of("f1", "f2", "m1", "m2")) {
            train.add(u("emovo", s));
        }
        train.add(u("korean", "a"));
        Set<String> validation = ValidationSplit.speakers(train);
        assertThat(validation).containsExactly("emodb/10", "emodb/14", "emovo/m2");
        assertThat(ValidationSplit.isValidation(validation, u("emodb", "10"))).isTrue();
        assertThat(ValidationSplit.isValidation(validation, u("emovo", "10"))).isFalse();
    }
}
