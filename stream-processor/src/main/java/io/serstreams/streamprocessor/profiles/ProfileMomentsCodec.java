package io.serstreams.streamprocessor.profiles;

import io.serstreams.modelserver.profile.ProfileMoments;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/**
 * {@link ProfileMoments} as bytes, every double exactly (a profile's sums must survive the repartition
 * topic and the changelog unchanged): what a segment contributes and what the aggregator's store holds.
 */
public final class ProfileMomentsCodec {
    private static final byte VERSION = 1;

    private ProfileMomentsCodec() {
    }

    /** A serde for the repartition topic of segment contributions. */
    public static Serde<ProfileMoments> serde() {
        Serializer<ProfileMoments> serializer = (topic, moments) -> moments == null ? null : toBytes(moments);
        Deserializer<ProfileMoments> deserializer = (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    public static byte[] toBytes(ProfileMoments m) {
        ByteBuffer out = ByteBuffer.allocate(size(m));
        write(m, out);
        return out.array();
    }

    public static ProfileMoments fromBytes(byte[] bytes) {
        return read(ByteBuffer.wrap(bytes));
    }

    static int size(ProfileMoments m) {
        return 1 + 8 + 8 * 6 + arraySize(m.descriptorSum()) + arraySize(m.descriptorSquares()) + 8 + arraySize(m.encoderSum())
                + arraySize(m.encoderSquares());
    }

    static void write(ProfileMoments m, ByteBuffer out) {
        out.put(VERSION).putLong(m.segments()).putDouble(m.speechSeconds()).putDouble(m.melWeight()).putDouble(m.melSum()).putDouble(m.melSquares())
                .putDouble(m.descriptorWeight());
        putArray(out, m.descriptorSum());
        putArray(out, m.descriptorSquares());
        out.putDouble(m.encoderWeight());
        putArray(out, m.encoderSum());
        putArray(out, m.encoderSquares());
    }

    static ProfileMoments read(ByteBuffer in) {
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("profile sums of format " + version + ", this version reads " + VERSION);
        }
        long segments = in.getLong();
        double speech = in.getDouble();
        double melWeight = in.getDouble();
        double melSum = in.getDouble();
        double melSquares = in.getDouble();
        double descriptorWeight = in.getDouble();
        double[] descriptorSum = getArray(in);
        double[] descriptorSquares = getArray(in);
        double encoderWeight = in.getDouble();
        double[] encoderSum = getArray(in);
        double[] encoderSquares = getArray(in);
        return new ProfileMoments(segments, speech, melWeight, melSum, melSquares, descriptorWeight, descriptorSum, descriptorSquares, encoderWeight,
                encoderSum, encoderSquares);
    }

    private static int arraySize(double[] values) {
        return 4 + (values == null ? 0 : 8 * values.length);
    }

    private static void putArray(ByteBuffer out, double[] values) {
        if (values == null) {
            out.putInt(-1);
            return;
        }
        out.putInt(values.length);
        for (double v : values) {
            out.putDouble(v);
        }
    }

    private static double[] getArray(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.getDouble();
        }
        return values;
    }
}
