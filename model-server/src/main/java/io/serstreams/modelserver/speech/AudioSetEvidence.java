package io.serstreams.modelserver.speech;

/**
 * What a pre-trained AudioSet tagger (EfficientAT mn04's 527 logits, AudioSet's label order) says
 * about a segment: the probability of class 0, "Speech", and of the strongest of the non-speech
 * classes a telephone line carries (music, noise, silence, telephone tones).
 *
 * @param speech     sigmoid of the "Speech" logit
 * @param other      the largest sigmoid among {@link #NON_SPEECH}
 * @param otherLabel that class's AudioSet name
 */
public record AudioSetEvidence(double speech, double other, String otherLabel) {
    /** AudioSet's index of "Speech". */
    public static final int SPEECH = 0;
    /** Classes in AudioSet's order (index, name) a line carries instead of speech. */
    static final Object[][] NON_SPEECH = {
            {137, "Music"}, {389, "Telephone"}, {390, "Telephone bell ringing"}, {391, "Ringtone"}, {392, "Telephone dialing, DTMF"},
            {393, "Dial tone"}, {394, "Busy signal"}, {500, "Silence"}, {514, "Environmental noise"}, {520, "White noise"}, {521, "Pink noise"}};
    /** AudioSet's class count. */
    public static final int CLASSES = 527;

    /** The evidence of one segment's 527 logits. */
    public static AudioSetEvidence of(float[] logits) {
        if (logits.length != CLASSES) {
            throw new IllegalArgumentException("expected " + CLASSES + " AudioSet logits, got " + logits.length);
        }
        double best = -1;
        String label = null;
        for (Object[] c : NON_SPEECH) {
            double p = sigmoid(logits[(Integer) c[0]]);
            if (p > best) {
                best = p;
                label = (String) c[1];
            }
        }
        return new AudioSetEvidence(sigmoid(logits[SPEECH]), best, label);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
