package io.serstreams.featureextractor.topology;

import io.serstreams.schema.ChannelRole;
import io.serstreams.schema.DeclaredDomain;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the feature topology remembers about one channel of a call between chunks. Kept small, as
 * it is written on every chunk; the extractor's own state lives in a checkpoint written once per
 * segment window, and the chunks since that checkpoint are kept to replay on top of it.
 */
final class ChannelState {
    /** 2 adds {@link #audioSequence}; format 1 still decodes (from before the encoder front end). */
    private static final int FORMAT = 2;

    String callId;
    int channel;
    ChannelRole role = ChannelRole.UNKNOWN;
    String tenant;
    String language;
    String site;
    int sampleRate;
    /** Next sequence number to process in order. */
    long nextSequence;
    /** Sample offset (input rate) expected of the next chunk. */
    long nextSampleOffset;
    /** First sequence number not covered by the checkpoint: chunks from here on are replayed on restore. */
    long checkpointSequence;
    /** Sample offset expected of the chunk at {@link #checkpointSequence}. */
    long checkpointSampleOffset;
    /**
     * First chunk kept for rebuilding the channel's recent audio on restore (the encoder front end reads a segment's span
     * again, and it may begin before the checkpoint); equal to {@link #checkpointSequence} when no such audio is kept.
     */
    long audioSequence;
    /** Extractor windows completed at the checkpoint. */
    long checkpointWindows;
    /** Chunks buffered ahead of {@link #nextSequence}. */
    int pendingChunks;
    long oldestPendingWallMs;
    long lastActivityWallMs;
    /** Capture time and sample offset of the latest chunk: the anchor for a sample's capture time. */
    long anchorCaptureMs;
    long anchorSampleOffset;
    long firstCaptureMs = -1;
    boolean closed;
    long closedWallMs;

    static ChannelState open(String callId, int channel, int sampleRate, long firstSequence, long nowWallMs) {
        ChannelState s = new ChannelState();
        s.callId = callId;
        s.channel = channel;
        s.sampleRate = sampleRate;
        s.nextSequence = firstSequence;
        s.checkpointSequence = firstSequence;
        s.audioSequence = firstSequence;
        s.lastActivityWallMs = nowWallMs;
        return s;
    }

    ChannelKey key() {
        return new ChannelKey(callId, channel);
    }

    DeclaredDomain declaredDomain() {
        return tenant == null && language == null && site == null ? null : new DeclaredDomain(tenant, language, site);
    }

    void declaredDomain(DeclaredDomain domain) {
        if (domain != null) {
            tenant = domain.getTenant();
            language = domain.getLanguage();
            site = domain.getSite();
        }
    }

    /** Wall-clock capture time of the input-rate sample at {@code sampleOffset}, from the latest anchor. */
    long captureTimeOf(long sampleOffset) {
        return anchorCaptureMs + (sampleOffset - anchorSampleOffset) * 1000 / sampleRate;
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(callId);
            out.writeInt(channel);
            out.writeUTF(role.name());
            writeNullable(out, tenant);
            writeNullable(out, language);
            writeNullable(out, site);
            out.writeInt(sampleRate);
            out.writeLong(nextSequence);
            out.writeLong(nextSampleOffset);
            out.writeLong(checkpointSequence);
            out.writeLong(checkpointSampleOffset);
            out.writeLong(checkpointWindows);
            out.writeInt(pendingChunks);
            out.writeLong(oldestPendingWallMs);
            out.writeLong(lastActivityWallMs);
            out.writeLong(anchorCaptureMs);
            out.writeLong(anchorSampleOffset);
            out.writeLong(firstCaptureMs);
            out.writeBoolean(closed);
            out.writeLong(closedWallMs);
            out.writeLong(audioSequence);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ChannelState decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readByte();
            if (format != FORMAT && format != 1) {
                throw new IllegalStateException("channel state format " + format + " is not " + FORMAT);
            }
            ChannelState s = new ChannelState();
            s.callId = in.readUTF();
            s.channel = in.readInt();
            s.role = ChannelRole.valueOf(in.readUTF());
            s.tenant = readNullable(in);
            s.language = readNullable(in);
            s.site = readNullable(in);
            s.sampleRate = in.readInt();
            s.nextSequence = in.readLong();
            s.nextSampleOffset = in.readLong();
            s.checkpointSequence = in.readLong();
            s.checkpointSampleOffset = in.readLong();
            s.checkpointWindows = in.readLong();
            s.pendingChunks = in.readInt();
            s.oldestPendingWallMs = in.readLong();
            s.lastActivityWallMs = in.readLong();
            s.anchorCaptureMs = in.readLong();
            s.anchorSampleOffset = in.readLong();
            s.firstCaptureMs = in.readLong();
            s.closed = in.readBoolean();
            s.closedWallMs = in.readLong();
            s.audioSequence = format >= 2 ? in.readLong() : s.checkpointSequence;
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("damaged channel state", e);
        }
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
