package io.serstreams.streamprocessor.profiles;

import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.profile.ProfileMoments;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A domain's entry in the aggregator's store: its sums, the inputs they are of (a model with other
 * features or another encoder starts the domain afresh), when it last took in a segment, and whether it
 * was active when last published.
 *
 * @param encoder the encoder the sums' encoder part is of; empty for a model with its own extractor
 */
record StoredProfile(String features, String encoder, ProfileMoments moments, long updatedAt, boolean published, boolean publishedActive) {

    /** Whether these sums are of {@code model}'s inputs. */
    boolean fits(ModelManifest model) {
        return features.equals(model.features().version()) && encoder.equals(encoderOf(model));
    }

    static String encoderOf(ModelManifest model) {
        return model.encoder() == null ? "" : model.encoder().name();
    }

    byte[] toBytes() {
        byte[] f = features.getBytes(StandardCharsets.UTF_8);
        byte[] e = encoder.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(4 + f.length + 4 + e.length + 8 + 2 + ProfileMomentsCodec.size(moments));
        out.putInt(f.length).put(f).putInt(e.length).put(e).putLong(updatedAt).put((byte) (published ? 1 : 0)).put((byte) (publishedActive ? 1 : 0));
        ProfileMomentsCodec.write(moments, out);
        return out.array();
    }

    static StoredProfile fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        String features = string(in);
        String encoder = string(in);
        long updatedAt = in.getLong();
        boolean published = in.get() == 1;
        boolean publishedActive = in.get() == 1;
        return new StoredProfile(features, encoder, ProfileMomentsCodec.read(in), updatedAt, published, publishedActive);
    }

    private static String string(ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
