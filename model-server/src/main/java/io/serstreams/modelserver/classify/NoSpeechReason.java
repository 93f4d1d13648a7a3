package io.serstreams.modelserver.classify;

import io.serstreams.featureextractor.features.FeatureConfig;

import java.util.Locale;

/**
 * Why a channel gave no speech segment, told from what the segmenter had to work with: audio shorter
 * than the shortest segment it emits, audio that is all zeros, or audio in which no segment had enough
 * voiced frames to be kept; or segments in which the speech gate found no speech.
 */
final class NoSpeechReason {
    private NoSpeechReason() {
    }

    /** The reason for a channel of {@code samples} at {@code sampleRate} that yielded no segment under {@code config}. */
    static String of(float[] samples, int sampleRate, FeatureConfig config) {
        double seconds = (double) samples.length / sampleRate;
        double shortest = ((config.minTailFrames() - 1.0) * config.hopSamples() + config.windowSamples()) / config.sampleRate();
        if (seconds < shortest) {
            return "no speech found: " + seconds(seconds) + " of audio, shorter than the " + seconds(shortest) + " minimum segment";
        }
        float peak = 0;
        for (float s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        if (peak == 0) {
            return "no speech found: " + seconds(seconds) + " of digital silence (every sample is 0)";
        }
        return String.format(Locale.ROOT, "no speech found: too little voice activity in %s of audio (no segment had %.0f%% voiced frames; "
                + "loudest sample %.0f dBFS)", seconds(seconds), 100 * config.minVoicedRatio(), 20 * Math.log10(peak));
    }

    /** The reason for a channel whose {@code segments} segments all held no speech, the first for {@code firstReason}. */
    static String ofGated(int segments, String firstReason) {
        return "no speech found: " + (segments == 1 ? "the one segment holds " : "none of the " + segments + " segments holds ")
                + "speech (" + firstReason + ")";
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, s >= 0.1 ? "%.1f s" : "%.3f s", s);
    }
}
