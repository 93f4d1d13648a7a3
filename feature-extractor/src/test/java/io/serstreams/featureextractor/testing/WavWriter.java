package io.serstreams.featureextractor.testing;

import io.serstreams.featureextractor.audio.G711Encoder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes WAV bytes in any of the formats the decoder reads, from float channels. */
public final class WavWriter {
    private WavWriter() {
    }

    /**
     * @param formatTag   1 PCM, 3 float, 6 A-law, 7 mu-law
     * @param extensible  wrap the format in a WAVE_FORMAT_EXTENSIBLE header
     */
    public static byte[] write(float[][] channels, int rate, int formatTag, int bits, boolean extensible) {
        int frames = channels[0].length;
        int bytes = bits / 8;
        ByteBuffer data = ByteBuffer.allocate(frames * channels.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < frames; f++) {
            for (float[] channel : channels) {
                encode(data, channel[f], formatTag, bits);
            }
        }
        int fmtSize = extensible ? 40 : 16;
        ByteBuffer out = ByteBuffer.allocate(12 + 8 + fmtSize + 8 + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes()).putInt(out.capacity() - 8).put("WAVE".getBytes());
        out.put("fmt ".getBytes()).putInt(fmtSize).putShort((short) (extensible ? 0xFFFE : formatTag)).putShort((short) channels.length)
                .putInt(rate).putInt(rate * bytes * channels.length).putShort((short) (bytes * channels.length)).putShort((short) bits);
        if (extensible) {
            out.putShort((short) 22).putShort((short) bits).putInt(0).putShort((short) formatTag)
                    .put(new byte[]{0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        out.put("data".getBytes()).putInt(data.capacity()).put(data.array());
        return out.array();
    }

    private static void encode(ByteBuffer out, float x, int tag, int bits) {
        double c = Math.max(-1, Math.min(1, x));
        switch (tag) {
            case 1 -> {
                switch (bits) {
                    case 8 -> out.put((byte) (Math.round(c * 127) + 128));
                    case 16 -> out.putShort((short) Math.round(c * 32767));
                    case 24 -> {
                        int v = (int) Math.round(c * 8388607);
                        out.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
                    }
                    case 32 -> out.putInt((int) Math.round(c * 2147483647.0));
                    default -> throw new IllegalArgumentException("bits " + bits);
                }
            }
            case 3 -> {
                if (bits == 32) {
                    out.putFloat(x);
                } else {
                    out.putDouble(x);
                }
            }
            case 6 -> out.put(G711Encoder.linearToALaw((short) Math.round(c * 32767)));
            case 7 -> out.put(G711Encoder.linearToMuLaw((short) Math.round(c * 32767)));
            default -> throw new IllegalArgumentException("tag " + tag);
        }
    }
}
