package io.serstreams.schemas.testkit;

import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.AudioEncoding;
import io.serstreams.schema.Channel;
import io.serstreams.schema.ChannelRole;
import io.serstreams.schema.DeclaredDomain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Realistic event values for tests. */
public final class SampleEvents {
    private SampleEvents() {
    }

    /** 20 ms of a 440 Hz tone on the customer channel, PCM16LE at 8 kHz, with a declared domain. */
    public static AudioChunk audioChunk(String callId, long sequenceNumber) {
        int sampleRate = 8000;
        int samples = sampleRate / 50;
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        long offset = sequenceNumber * samples;
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * (offset + i) / sampleRate)));
        }
        return AudioChunk.newBuilder()
                .setCallId(callId)
                .setChannel(new Channel(1, ChannelRole.CUSTOMER))
                .setSequenceNumber(sequenceNumber)
                .setSampleOffset(offset)
                .setSampleRate(sampleRate)
                .setEncoding(AudioEncoding.PCM16LE)
                .setPayload(pcm.flip())
                .setDeclaredDomain(DeclaredDomain.newBuilder().setTenant("acme").setLanguage("de-DE").setSite(null).build())
                .setEndOfCall(false)
                // Avro keeps milliseconds, so the sample must not carry finer precision.
                .setCaptureTime(Instant.parse("2026-11-24T10:15:30.123Z").plus(sequenceNumber * 20, ChronoUnit.MILLIS))
                .build();
    }
}
