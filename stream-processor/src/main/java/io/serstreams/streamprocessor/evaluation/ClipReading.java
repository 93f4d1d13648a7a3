package io.serstreams.streamprocessor.evaluation;

/**
 * The pipeline's reading of one clip: the class of the mean of its speech events' probabilities (as
 * {@code ser classify} reads a file), and the domain profile that standardised most of those events
 * (null: the training pool's statistics).
 */
public record ClipReading(LabelledClip clip, String predicted, String profile, int events) {
    public boolean onProfile() {
        return profile != null;
    }
}
