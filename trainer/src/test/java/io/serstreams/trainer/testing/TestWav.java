package io.serstreams.trainer.testing;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real 16-bit mono WAV files for tests, written with the JDK's own audio classes. */
public final class TestWav {
    private TestWav() {
    }

    /** Writes {@code samples} (in [-1, 1]) at {@code rate} Hz to {@code file}, creating its folder. */
    public static void write(Path file, float[] samples, int rate) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] pcm = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            short s = (short) Math.round(Math.max(-1, Math.min(1, samples[i])) * 32767);
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, samples.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
