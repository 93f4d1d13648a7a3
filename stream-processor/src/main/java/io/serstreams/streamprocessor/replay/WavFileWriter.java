package io.serstreams.streamprocessor.replay;

import io.serstreams.featureextractor.audio.G711Encoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes interleaved WAV files: 16-bit PCM, or 8-bit G.711 mu-law as telephony recordings are kept. */
public final class WavFileWriter {
    private WavFileWriter() {
    }

    public static void write(Path file, int rate, float[][] channels, boolean muLaw) {
        int frames = channels[0].length;
        int bytesPerSample = muLaw ? 1 : 2;
        int dataBytes = frames * channels.length * bytesPerSample;
        int fmtSize = muLaw ? 18 : 16;
        ByteBuffer out = ByteBuffer.allocate(12 + 8 + fmtSize + (muLaw ? 12 : 0) + 8 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes()).putInt(out.capacity() - 8).put("WAVE".getBytes());
        out.put("fmt ".getBytes()).putInt(fmtSize).putShort((short) (muLaw ? 7 : 1)).putShort((short) channels.length).putInt(rate)
                .putInt(rate * channels.length * bytesPerSample).putShort((short) (channels.length * bytesPerSample)).putShort((short) (8 * bytesPerSample));
        if (muLaw) {
            out.putShort((short) 0);
            out.put("fact".getBytes()).putInt(4).putInt(frames);
        }
        out.put("data".getBytes()).putInt(dataBytes);
        for (int f = 0; f < frames; f++) {
            for (float[] channel : channels) {
                short pcm = (short) Math.round(Math.max(-1, Math.min(1, channel[f])) * 32767);
                if (muLaw) {
                    out.put(G711Encoder.linearToMuLaw(pcm));
                } else {
                    out.putShort(pcm);
                }
            }
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, out.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
