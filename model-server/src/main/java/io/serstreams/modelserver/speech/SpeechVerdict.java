package io.serstreams.modelserver.speech;

/**
 * Whether a segment holds speech, as {@link SpeechGate} decides it.
 *
 * @param speech true when the segment holds speech, so its emotion reading means something
 * @param reason what was found instead, in plain words (e.g. {@code "no voice pitch: noise or music"}); null for speech
 */
public record SpeechVerdict(boolean speech, String reason) {
    /** A segment that holds speech. */
    public static final SpeechVerdict SPEECH = new SpeechVerdict(true, null);

    public SpeechVerdict {
        if (speech != (reason == null)) {
            throw new IllegalArgumentException("a verdict has a reason exactly when it finds no speech");
        }
    }

    /** A segment that holds no speech, and what it holds instead. */
    public static SpeechVerdict noSpeech(String reason) {
        return new SpeechVerdict(false, reason);
    }
}
