package io.serstreams.trainer.labels;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The association table of labels.md, entry by entry. */
class EmotionTest {

    private static void assertAssociated(Emotion e, ArousalGroup arousal, ValenceGroup valence) {
        assertThat(e.arousal().orElse(null)).as(e + " arousal").isEqualTo(arousal);
        assertThat(e.valence().orElse(null)).as(e + " valence").isEqualTo(valence);
    }

    @Test
    void followsTheAssociationTable() {
        assertAssociated(Emotion.NEUTRAL, ArousalGroup.MID, ValenceGroup.NEUTRAL);
        assertAssociated(Emotion.CALM, ArousalGroup.LOW, ValenceGroup.NEUTRAL);
        assertAssociated(Emotion.HAPPY, ArousalGroup.HIGH, ValenceGroup.POSITIVE);
        assertAssociated(Emotion.ANGRY, ArousalGroup.HIGH, ValenceGroup.NEGATIVE);
        assertAssociated(Emotion.SAD, ArousalGroup.LOW, ValenceGroup.NEGATIVE);
        assertAssociated(Emotion.FEAR, ArousalGroup.HIGH, ValenceGroup.NEGATIVE);
        assertAssociated(Emotion.DISGUST, ArousalGroup.MID, ValenceGroup.NEGATIVE);
        assertAssociated(Emotion.SURPRISE, ArousalGroup.HIGH, null);
        assertAssociated(Emotion.BOREDOM, ArousalGroup.LOW, ValenceGroup.NEGATIVE);
    }

    @Test
    void onlyTheFourCoreClassesAreDiscreteTargets() {
        assertThat(Emotion.NEUTRAL.coreClass()).hasValue(0);
        assertThat(Emotion.HAPPY.coreClass()).hasValue(1);
        assertThat(Emotion.ANGRY.coreClass()).hasValue(2);
        assertThat(Emotion.SAD.coreClass()).hasValue(3);
        assertThat(Emotion.FEAR.coreClass()).isEmpty();
        assertThat(Emotion.CORE_CLASSES).containsExactly("neutral", "happy", "angry", "sad");
    }

    @Test
    void bavedLevelsCarryArousalOnly() {
        UtteranceLabels high = UtteranceLabels.arousalLevel(2);
        assertThat(high.emotion()).isNull();
        assertThat(high.valence()).isNull();
        assertThat(high.arousal()).isEqualTo(ArousalGroup.HIGH);
        assertThat(high.coreClass()).isEmpty();
        assertThat(UtteranceLabels.arousalLevel(0).arousal()).isEqualTo(ArousalGroup.LOW);
    }

    @Test
    void parsesCommonLabelSpellings() {
        assertThat(Emotion.parse("Anger")).hasValue(Emotion.ANGRY);
        assertThat(Emotion.parse(" joy ")).hasValue(Emotion.HAPPY);
        assertThat(Emotion.parse("fearful")).hasValue(Emotion.FEAR);
        assertThat(Emotion.parse("contempt")).isEmpty();
    }
}
