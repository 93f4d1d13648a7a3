package io.serstreams.schemas.serde;

import java.nio.ByteBuffer;

/**
 * Confluent's wire format: byte 0 is the magic byte 0, bytes 1-4 the registry's schema id as a
 * big-endian int, and the rest the Avro binary encoding of the record.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The 5-byte header for a schema id. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** The schema id in a record's header, after checking the magic byte and length. */
    public static int schemaId(byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new WireFormatException(WireFormatException.Reason.TRUNCATED_PAYLOAD,
                    "record of " + data.length + " bytes is shorter than the " + HEADER_SIZE + "-byte Confluent header");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new WireFormatException(WireFormatException.Reason.BAD_MAGIC_BYTE,
                    String.format("first byte is 0x%02x, not the Confluent magic byte 0x00: not written by a Confluent-format serializer", data[0]));
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }

    /** The Confluent subject of a topic's keys or values (topic name strategy). */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
