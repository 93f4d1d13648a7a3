package io.serstreams.streamprocessor.replay;

import io.serstreams.featureextractor.audio.ChannelRoles;
import io.serstreams.featureextractor.audio.SampleEncoder;
import io.serstreams.featureextractor.audio.SampleEncoding;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.AudioEncoding;
import io.serstreams.schema.Channel;
import io.serstreams.schema.ChannelRole;
import io.serstreams.schema.DeclaredDomain;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts one channel of a recording into the chunk events a live call would send: consecutive
 * sequence numbers, sample offsets, the chosen encoding, capture times from the call's start, and
 * the end-of-call flag on the last chunk.
 */
public final class CallChunker {
    private CallChunker() {
    }

    /** Channel roles by index: a stereo call recording carries the agent first, the customer second. */
    public static ChannelRole roleOf(int channel, int channels) {
        return ChannelRoles.roleOf(channel, channels);
    }

    public static List<AudioChunk> chunks(String callId, Channel channel, float[] samples, int rate, int chunkMillis, AudioEncoding encoding,
                                          DeclaredDomain domain, Instant callStart) {
        int chunkSamples = Math.max(1, (int) ((long) rate * chunkMillis / 1000));
        SampleEncoding codec = SampleEncoding.of(encoding);
        List<AudioChunk> chunks = new ArrayList<>();
        long sequence = 0;
        int at = 0;
        do {
            int n = Math.min(chunkSamples, samples.length - at);
            byte[] payload = SampleEncoder.encode(Arrays.copyOfRange(samples, at, at + n), codec);
            chunks.add(AudioChunk.newBuilder()
                    .setCallId(callId)
                    .setChannel(channel)
                    .setSequenceNumber(sequence++)
                    .setSampleOffset(at)
                    .setSampleRate(rate)
                    .setEncoding(encoding)
                    .setPayload(ByteBuffer.wrap(payload))
                    .setDeclaredDomain(domain)
                    .setEndOfCall(at + n >= samples.length)
                    .setCaptureTime(callStart.plusMillis(at * 1000L / rate))
                    .build());
            at += n;
        } while (at < samples.length);
        return chunks;
    }
}
