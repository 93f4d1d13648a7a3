package io.serstreams.featureextractor.audio;

/** G.711 compression (mu-law and A-law), for replaying audio as telephony chunks. */
public final class G711Encoder {
    private static final int[] SEGMENT_END = {0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF, 0x3FFF, 0x7FFF};

    private G711Encoder() {
    }

    public static byte linearToMuLaw(short pcm) {
        int bias = 0x84;
        int value = pcm;
        int mask;
        if (value < 0) {
            value = bias - value;
            mask = 0x7F;
        } else {
            value += bias;
            mask = 0xFF;
        }
        int segment = segment(value);
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int uval = (segment << 4) | ((value >> (segment + 3)) & 0xF);
        return (byte) (uval ^ mask);
    }

    public static byte linearToALaw(short pcm) {
        int value = pcm;
        int mask;
        if (value >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            value = -value - 1;
        }
        int segment = segment(value);
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int aval = segment << 4;
        aval |= segment < 2 ? (value >> 4) & 0xF : (value >> (segment + 3)) & 0xF;
        return (byte) (aval ^ mask);
    }

    public static byte[] encode(float[] samples, boolean muLaw) {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            short pcm = (short) Math.round(Math.max(-1, Math.min(1, samples[i])) * 32767);
            out[i] = muLaw ? linearToMuLaw(pcm) : linearToALaw(pcm);
        }
        return out;
    }

    private static int segment(int value) {
        for (int i = 0; i < SEGMENT_END.length; i++) {
            if (value <= SEGMENT_END[i]) {
                return i;
            }
        }
        return 8;
    }
}
