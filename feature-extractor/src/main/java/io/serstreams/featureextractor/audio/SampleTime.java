package io.serstreams.featureextractor.audio;

import java.util.Locale;

/**
 * A sample's place in a recording, read as a clock ({@code m:ss.cc}) for messages that point a
 * user at a spot they can find in an audio editor.
 *
 * @param sample     samples from the start
 * @param sampleRate samples per second
 */
public record SampleTime(long sample, int sampleRate) {

    /** Minutes, seconds and hundredths, for example {@code 0:00.77} or {@code 12:03.50}. */
    public String clock() {
        long centis = sample * 100 / sampleRate;
        return String.format(Locale.ROOT, "%d:%02d.%02d", centis / 6000, centis / 100 % 60, centis % 100);
    }

    @Override
    public String toString() {
        return clock();
    }
}
