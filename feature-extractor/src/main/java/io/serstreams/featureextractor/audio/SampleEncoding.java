package io.serstreams.featureextractor.audio;

import io.serstreams.schema.AudioEncoding;

/**
 * How one sample is stored, and its conversion to a float in [-1, 1]. Covers the WAV formats
 * and the {@link AudioEncoding}s of audio chunks. G.711 expansion follows ITU-T G.711.
 */
public enum SampleEncoding {
    PCM_U8(1), PCM16LE(2), PCM24LE(3), PCM32LE(4), FLOAT32LE(4), FLOAT64LE(8), MULAW(1), ALAW(1);

    private static final float[] MULAW_TABLE = new float[256];
    private static final float[] ALAW_TABLE = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            MULAW_TABLE[i] = muLawToLinear(i) / 32768f;
            ALAW_TABLE[i] = aLawToLinear(i) / 32768f;
        }
    }

    private final int bytesPerSample;

    SampleEncoding(int bytesPerSample) {
        this.bytesPerSample = bytesPerSample;
    }

    public int bytesPerSample() {
        return bytesPerSample;
    }

    /** The encoding of an audio chunk's payload. */
    public static SampleEncoding of(AudioEncoding encoding) {
        return switch (encoding) {
            case PCM16LE -> PCM16LE;
            case MULAW -> MULAW;
            case ALAW -> ALAW;
            case FLOAT32LE -> FLOAT32LE;
        };
    }

    /** The sample starting at {@code offset}, as a float in [-1, 1]. */
    public float decode(byte[] data, int offset) {
        return switch (this) {
            case PCM_U8 -> ((data[offset] & 0xff) - 128) / 128f;
            case PCM16LE -> (short) ((data[offset] & 0xff) | (data[offset + 1] << 8)) / 32768f;
            case PCM24LE -> ((data[offset] & 0xff) | ((data[offset + 1] & 0xff) << 8) | (data[offset + 2] << 16)) / 8388608f;
            case PCM32LE -> intLe(data, offset) / 2147483648f;
            case FLOAT32LE -> Float.intBitsToFloat(intLe(data, offset));
            case FLOAT64LE -> (float) Double.longBitsToDouble((intLe(data, offset) & 0xffffffffL) | ((long) intLe(data, offset + 4) << 32));
            case MULAW -> MULAW_TABLE[data[offset] & 0xff];
            case ALAW -> ALAW_TABLE[data[offset] & 0xff];
        };
    }

    /**
     * Decodes a mono payload of whole samples.
     *
     * @throws AudioFormatException when the payload does not hold a whole number of samples
     */
    public float[] decodeMono(byte[] payload) {
        float[] out = new float[payload.length / bytesPerSample];
        decodeMono(payload, out);
        return out;
    }

    /**
     * Decodes a mono payload of whole samples into {@code out} (at least payload length / bytes per
     * sample long), for callers that reuse one buffer; returns the sample count.
     */
    public int decodeMono(byte[] payload, float[] out) {
        if (payload.length % bytesPerSample != 0) {
            throw new AudioFormatException(payload.length + " bytes are not a whole number of " + this + " samples ("
                    + bytesPerSample + " bytes each)");
        }
        int samples = payload.length / bytesPerSample;
        for (int i = 0; i < samples; i++) {
            out[i] = decode(payload, i * bytesPerSample);
        }
        return samples;
    }

    /**
     * Decodes interleaved samples: {@code length} bytes from {@code offset}, {@code channels} per frame,
     * into {@code out[channel][firstFrame + i]}.
     */
    public void decodeInterleaved(byte[] data, int offset, int length, int channels, float[][] out, int firstFrame) {
        int frameBytes = bytesPerSample * channels;
        int frames = length / frameBytes;
        for (int f = 0; f < frames; f++) {
            int base = offset + f * frameBytes;
            for (int c = 0; c < channels; c++) {
                out[c][firstFrame + f] = decode(data, base + c * bytesPerSample);
            }
        }
    }

    private static int intLe(byte[] d, int o) {
        return (d[o] & 0xff) | ((d[o + 1] & 0xff) << 8) | ((d[o + 2] & 0xff) << 16) | (d[o + 3] << 24);
    }

    private static int muLawToLinear(int code) {
        int u = ~code & 0xff;
        int t = ((u & 0x0f) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    private static int aLawToLinear(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0f) << 4;
        int segment = (a & 0x70) >> 4;
        t = switch (segment) {
            case 0 -> t + 8;
            case 1 -> t + 0x108;
            default -> (t + 0x108) << (segment - 1);
        };
        return (a & 0x80) != 0 ? t : -t;
    }
}
