package io.serstreams.featureextractor.features;

import java.util.Locale;

/**
 * Where a channel's audio went: into segments, or dropped and why. Counted in samples at the
 * feature rate over the audio fed (concealed gaps included, gaps too long to conceal not), so the
 * three parts add up to all of it and nothing is dropped without a word.
 *
 * @param segmentedSamples inside an emitted segment
 * @param unvoicedSamples  in segment windows with too few voiced frames (silence, or a steady sound the
 *                         voice activity detector took for background)
 * @param shortSamples     in remainders too short to judge at the end of a run (under {@code minTailFrames})
 * @param sampleRate       rate of the counts
 */
public record SegmentationTally(long segmentedSamples, long unvoicedSamples, long shortSamples, int sampleRate) {

    public long totalSamples() {
        return segmentedSamples + unvoicedSamples + shortSamples;
    }

    /** The sum of two tallies at the same rate (two channels, say). */
    public SegmentationTally plus(SegmentationTally other) {
        if (other.sampleRate != sampleRate) {
            throw new IllegalArgumentException("tallies at " + sampleRate + " and " + other.sampleRate + " Hz");
        }
        return new SegmentationTally(segmentedSamples + other.segmentedSamples, unvoicedSamples + other.unvoicedSamples,
                shortSamples + other.shortSamples, sampleRate);
    }

    /**
     * One line for people: {@code 19.20 s in segments, 580.80 s not: 580.78 s not voiced enough
     * (under 30% speech frames: ...), 0.02 s too short to judge (under 0.48 s at the end of the audio)}.
     */
    public String describe(FeatureConfig config) {
        return String.format(Locale.ROOT, "%.2f s in segments, %.2f s not: %.2f s not voiced enough (under %.0f%% speech frames: silence, or a steady"
                        + " sound such as noise or hum),"
                        + " %.2f s too short to judge (under %.2f s at the end of the audio)", seconds(segmentedSamples),
                seconds(unvoicedSamples + shortSamples), seconds(unvoicedSamples), 100 * config.minVoicedRatio(), seconds(shortSamples),
                config.minTailFrames() * config.hopMillis() / 1000);
    }

    private double seconds(long samples) {
        return (double) samples / sampleRate;
    }
}
