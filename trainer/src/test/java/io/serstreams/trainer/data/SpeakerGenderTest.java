package io.serstreams.trainer.data;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SpeakerGenderTest {
    private static Utterance u(String domain, String speaker, String file) {
        return new Utterance(Path.of(file), domain, speaker, io.serstreams.trainer.labels.UtteranceLabels.arousalLevel(1));
    }

    @Test
    void followsEachCorpusesDocumentation() {
        assertThat(SpeakerGender.of(u("emodb", "03", "03a01Wa.flac"))).hasValue(SpeakerGender.MALE);
        assertThat(SpeakerGender.of(u("emodb", "08", "08a01Wa.flac"))).hasValue(SpeakerGender.FEMALE);
        assertThat(SpeakerGender.of(u("emovo", "f2", "x"))).hasValue(SpeakerGender.FEMALE);
        assertThat(SpeakerGender.of(u("ravdess", "Actor_07", "x"))).hasValue(SpeakerGender.MALE);
        assertThat(SpeakerGender.of(u("ravdess", "Actor_24", "x"))).hasValue(SpeakerGender.FEMALE);
        assertThat(SpeakerGender.of(u("korean", "nek", "x"))).hasValue(SpeakerGender.MALE);
        assertThat(SpeakerGender.of(u("korean", "nea", "x"))).hasValue(SpeakerGender.FEMALE);
        assertThat(SpeakerGender.of(u("baved", "0", "0-m-21-0-1-105.flac"))).hasValue(SpeakerGender.MALE);
        assertThat(SpeakerGender.of(u("callcenter", "a", "x"))).isEmpty();
        assertThat(SpeakerGender.of(u("emodb", "99", "x"))).isEmpty();
    }
}
