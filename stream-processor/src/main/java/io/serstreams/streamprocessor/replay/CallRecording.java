package io.serstreams.streamprocessor.replay;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.AudioEncoding;
import io.serstreams.schema.Channel;
import io.serstreams.schema.DeclaredDomain;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An archived call cut into chunk events: one list per channel (agent first, customer second on stereo). */
public record CallRecording(String callId, double durationSeconds, List<List<AudioChunk>> channels) {

    /** The call id of a file: its name without extension, lower-cased, characters other than letters, digits, '-' and '_' as '-'. */
    public static String callIdOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    }

    /**
     * Reads a WAV or FLAC file and cuts every channel into chunks of {@code chunkMillis}.
     *
     * @param callStart capture time of the first sample
     */
    public static CallRecording load(Path file, String callId, int chunkMillis, AudioEncoding encoding, DeclaredDomain domain, Instant callStart) {
        DecodedAudio audio = AudioFiles.read(file);
        if (audio.frames() == 0) {
            throw new IllegalArgumentException(file + ": no audio in it");
        }
        List<List<AudioChunk>> channels = new ArrayList<>();
        for (int c = 0; c < audio.channelCount(); c++) {
            channels.add(CallChunker.chunks(callId, new Channel(c, CallChunker.roleOf(c, audio.channelCount())), audio.channels()[c], audio.sampleRate(),
                    chunkMillis, encoding, domain, callStart));
        }
        return new CallRecording(callId, audio.durationSeconds(), channels);
    }
}
