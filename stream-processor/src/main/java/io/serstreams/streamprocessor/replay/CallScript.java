package io.serstreams.streamprocessor.replay;

import java.util.List;

/**
 * A sample call's script: who plays the agent and the customer, and each turn in order, with how
 * it is spoken. Corpus calls take each turn from a RAVDESS clip of that delivery, synthetic calls
 * speak the turn's line with prosody for it.
 */
public record CallScript(String name, Cast agent, Cast customer, List<Turn> turns) {

    /** The two parties; the agent is channel 0 (left), the customer channel 1 (right). */
    public enum Party {
        AGENT, CUSTOMER;

        public int channel() {
            return ordinal();
        }
    }

    /** Who plays a party: a RAVDESS actor (a test speaker) in corpus calls, an eSpeak NG voice in synthetic ones. */
    public record Cast(int ravdessActor, String syntheticVoice) {
    }

    /** How a turn is spoken, as RAVDESS codes it: emotion 01 to 08, intensity 1 (normal) or 2 (strong). */
    public enum Delivery {
        NEUTRAL(1, 1), CALM(2, 1), CALM_STRONG(2, 2), HAPPY(3, 1), HAPPY_STRONG(3, 2), SAD(4, 1), ANGRY(5, 1), ANGRY_STRONG(5, 2);

        private final int emotion;
        private final int intensity;

        Delivery(int emotion, int intensity) {
            this.emotion = emotion;
            this.intensity = intensity;
        }

        public int ravdessEmotion() {
            return emotion;
        }

        public int ravdessIntensity() {
            return intensity;
        }
    }

    /**
     * One turn.
     *
     * @param statement  RAVDESS statement of the corpus clip (1 or 2)
     * @param repetition RAVDESS repetition of the corpus clip (1 or 2)
     * @param line       what a synthetic call says
     */
    public record Turn(Party party, Delivery delivery, int statement, int repetition, String line) {
    }

    public CallScript {
        turns = List.copyOf(turns);
    }

    /** Who plays {@code party} in this call. */
    public Cast cast(Party party) {
        return party == Party.AGENT ? agent : customer;
    }
}
