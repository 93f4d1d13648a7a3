package io.serstreams.modelserver.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** 16-bit PCM WAV files at 16 kHz, as bytes, from samples in [-1, 1]. */
public final class Wavs {
    public static final int RATE = 16000;

    private Wavs() {
    }

    /** A WAV with one channel per array (all of the same length), interleaved. */
    public static byte[] pcm16(float[]... channels) {
        int frames = channels[0].length;
        int dataBytes = frames * channels.length * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels.length).putInt(RATE)
                .putInt(RATE * 2 * channels.length).putShort((short) (2 * channels.length)).putShort((short) 16)
                .put("data".getBytes()).putInt(dataBytes);
        for (int i = 0; i < frames; i++) {
            for (float[] channel : channels) {
                wav.putShort((short) Math.round(channel[i] * 32767));
            }
        }
        return wav.array();
    }

    /** A stereo call of 6 s: the agent (channel 0) talks in the first half, the customer (channel 1) in the second. */
    public static byte[] stereoCall() {
        float[] agent = new float[RATE * 6];
        float[] customer = new float[RATE * 6];
        System.arraycopy(Speech.voiceFor(130, RATE * 3, 1), 0, agent, 0, RATE * 3);
        System.arraycopy(Speech.voiceFor(220, RATE * 3, 2), 0, customer, RATE * 3, RATE * 3);
        return pcm16(agent, customer);
    }
}
