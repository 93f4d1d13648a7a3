package io.serstreams.modelserver.speech;

import io.serstreams.featureextractor.features.FrameDescriptor;

import java.util.Arrays;

/**
 * What a segment's frame descriptors say about its pitch, over the frames voice activity marked:
 * how many of them carry a pitch at all, how many pitched neighbours keep the very same pitch, and
 * how far the pitch wanders. Speech has a voice pitch in a fair share of its frames that glides all
 * the time; noise and polyphonic music give YIN no pitch, DTMF digits and ring tones one that stands still.
 *
 * @param activeFrames frames marked as speech by voice activity detection (all frames when none is)
 * @param pitchedShare share of those with a pitch
 * @param steadyShare  share of pitched neighbouring pairs whose pitch differs by less than {@link #STEADY_OCTAVES}; 0 without pairs
 * @param pitchSpread  interquartile range of the pitch in octaves; NaN with fewer than four pitched frames
 */
public record PitchEvidence(int activeFrames, double pitchedShare, double steadyShare, double pitchSpread) {
    /** Pitch steps below this (0.2% of the frequency, a thirtieth of a semitone) count as the same pitch. */
    public static final double STEADY_OCTAVES = 0.003;

    /** The evidence of {@code frames} rows of {@link FrameDescriptor#COUNT} descriptors. */
    public static PitchEvidence of(float[] descriptors, int frames) {
        int columns = FrameDescriptor.COUNT;
        int pitchColumn = FrameDescriptor.PITCH.offset();
        int vadColumn = FrameDescriptor.VOICED.offset();
        boolean anyActive = false;
        for (int f = 0; f < frames && !anyActive; f++) {
            anyActive = descriptors[f * columns + vadColumn] >= 0.5f;
        }
        int active = 0;
        int pitched = 0;
        int pairs = 0;
        int steady = 0;
        float previous = 0;
        float[] pitches = new float[frames];
        for (int f = 0; f < frames; f++) {
            if (anyActive && descriptors[f * columns + vadColumn] < 0.5f) {
                previous = 0;
                continue;
            }
            active++;
            float pitch = descriptors[f * columns + pitchColumn];
            if (pitch != 0) {
                pitches[pitched++] = pitch;
                if (previous != 0) {
                    pairs++;
                    if (Math.abs(pitch - previous) < STEADY_OCTAVES) {
                        steady++;
                    }
                }
            }
            previous = pitch;
        }
        double spread = Double.NaN;
        if (pitched >= 4) {
            float[] sorted = Arrays.copyOf(pitches, pitched);
            Arrays.sort(sorted);
            spread = sorted[pitched * 3 / 4] - sorted[pitched / 4];
        }
        return new PitchEvidence(active, active == 0 ? 0 : (double) pitched / active, pairs == 0 ? 0 : (double) steady / pairs, spread);
    }
}
