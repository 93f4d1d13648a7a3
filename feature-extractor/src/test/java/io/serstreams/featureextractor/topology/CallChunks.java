package io.serstreams.featureextractor.topology;

import io.serstreams.featureextractor.audio.SampleEncoding;
import io.serstreams.featureextractor.audio.SampleEncoder;
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

/** One channel of a call cut into AudioChunk events, as a capture system would send them. */
final class CallChunks {
    static final Instant START = Instant.parse("2026-11-24T09:00:00Z");

    private CallChunks() {
    }

    static List<AudioChunk> of(String callId, int channel, float[] samples, int rate, int chunkSamples, AudioEncoding encoding) {
        List<AudioChunk> chunks = new ArrayList<>();
        SampleEncoding codec = SampleEncoding.of(encoding);
        long seq = 0;
        for (int at = 0; at < samples.length; at += chunkSamples, seq++) {
            int n = Math.min(chunkSamples, samples.length - at);
            byte[] payload = SampleEncoder.encode(Arrays.copyOfRange(samples, at, at + n), codec);
            chunks.add(AudioChunk.newBuilder()
                    .setCallId(callId)
                    .setChannel(new Channel(channel, channel == 0 ? ChannelRole.AGENT : ChannelRole.CUSTOMER))
                    .setSequenceNumber(seq)
                    .setSampleOffset(at)
                    .setSampleRate(rate)
                    .setEncoding(encoding)
                    .setPayload(ByteBuffer.wrap(payload))
                    .setDeclaredDomain(new DeclaredDomain("acme", "en-US", null))
                    .setEndOfCall(at + n >= samples.length)
                    .setCaptureTime(START.plusMillis(at * 1000L / rate))
                    .build());
        }
        return chunks;
    }

    /** The same chunks without the end-of-call flag. */
    static List<AudioChunk> withoutEnd(List<AudioChunk> chunks) {
        return chunks.stream().map(c -> AudioChunk.newBuilder(c).setEndOfCall(false).build()).toList();
    }
}
