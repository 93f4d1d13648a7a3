package io.serstreams.featureextractor.audio;

/**
 * The sample values the feature front end accepts: finite, and no further than {@link #LIMIT}
 * from zero (full scale is +-1). NaN and infinities spread through the resampler and the FFT into
 * every value of a segment, so they are refused where audio comes in rather than computed on.
 * The limit is far above anything a recording holds, even float audio written at 16-bit integer
 * scale (+-32768), and far below the magnitude (about 1e17) where the front end's float arithmetic
 * could overflow; within it, every feature of a segment is finite.
 */
public final class SampleRange {
    /** The largest sample magnitude accepted. */
    public static final float LIMIT = 1e6f;

    private SampleRange() {
    }

    /** True for a finite sample within +-{@link #LIMIT}; false for NaN. */
    public static boolean accepts(float sample) {
        return Math.abs(sample) <= LIMIT;
    }

    /** Index of the first sample in {@code [from, to)} that is not {@linkplain #accepts accepted}, or -1. */
    public static int firstRejected(float[] samples, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!(Math.abs(samples[i]) <= LIMIT)) {
                return i;
            }
        }
        return -1;
    }

    /** What is wrong with a rejected sample, as "is ...: ... holds ..." for a message about {@code what}. */
    public static String problem(float sample, String what) {
        if (Float.isNaN(sample) || Float.isInfinite(sample)) {
            String value = Float.isNaN(sample) ? "NaN" : sample > 0 ? "+Infinity" : "-Infinity";
            return "is " + value + ": " + what + " holds non-finite samples";
        }
        return "is " + sample + ": " + what + " holds samples beyond +-" + (long) LIMIT + " (full scale is +-1)";
    }

    /**
     * Refuses decoded audio holding a sample that is not accepted, naming the first one in time:
     * {@code call.wav: sample 12345 (0:00.77, channel 1) is +Infinity: float WAV holds non-finite samples}.
     *
     * @param source names the audio (a file name)
     * @param what   names its format in the message (for example "float WAV")
     * @throws AudioFormatException for the first rejected sample
     */
    public static void require(DecodedAudio audio, String source, String what) {
        int firstIndex = -1;
        int firstChannel = -1;
        for (int c = 0; c < audio.channelCount(); c++) {
            float[] channel = audio.channels()[c];
            int bad = firstRejected(channel, 0, firstIndex < 0 ? channel.length : firstIndex);
            if (bad >= 0) {
                firstIndex = bad;
                firstChannel = c;
            }
        }
        if (firstIndex >= 0) {
            float sample = audio.channels()[firstChannel][firstIndex];
            throw new AudioFormatException(source + ": sample " + firstIndex + " (" + new SampleTime(firstIndex, audio.sampleRate())
                    + ", channel " + firstChannel + ") " + problem(sample, what));
        }
    }
}
