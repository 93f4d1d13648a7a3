package io.serstreams.featureextractor.audio;


import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Encodes float samples into the audio chunk encodings (the inverse of {@link SampleEncoding#decodeMono}). */
public final class SampleEncoder {
    private SampleEncoder() {
    }

    public static byte[] encode(float[] samples, SampleEncoding encoding) {
        return switch (encoding) {
            case PCM16LE -> {
                ByteBuffer out = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (float x : samples) {
                    out.putShort((short) Math.round(Math.max(-1, Math.min(1, x)) * 32767));
                }
                yield out.array();
            }
            case FLOAT32LE -> {
                ByteBuffer out = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float x : samples) {
                    out.putFloat(x);
                }
                yield out.array();
            }
            case MULAW -> G711Encoder.encode(samples, true);
            case ALAW -> G711Encoder.encode(samples, false);
            default -> throw new IllegalArgumentException("no chunk encoding " + encoding);
        };
    }
}
