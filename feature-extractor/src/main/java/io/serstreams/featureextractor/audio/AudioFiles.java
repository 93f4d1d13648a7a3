package io.serstreams.featureextractor.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a WAV or FLAC file, telling the two apart by their first bytes rather than by the file name. */
public final class AudioFiles {

    private AudioFiles() {
    }

    public static DecodedAudio read(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AudioFormatException(file + ": no such file");
        } catch (IOException e) {
            throw new AudioFormatException(file + ": cannot be read: " + e.getMessage(), e);
        }
        return decode(data, file.toString());
    }

    /** Decodes WAV or FLAC bytes; {@code source} names them in errors. */
    public static DecodedAudio decode(byte[] data, String source) {
        if (data.length == 0) {
            throw new AudioFormatException(source + ": empty file");
        }
        if (WavDecoder.looksLikeWav(data)) {
            return WavDecoder.decode(data, source);
        }
        if (FlacDecoder.looksLikeFlac(data)) {
            return FlacDecoder.decode(data, source);
        }
        throw new AudioFormatException(source + ": unsupported audio format: expected WAV (RIFF/WAVE) or FLAC");
    }
}
