package io.serstreams.featureextractor.audio;

/**
 * Finds FLAC frame headers in raw bytes: a sync code whose header passes its CRC-8. Tells a damaged
 * frame from a cut one: where decoding ran out of data inside a frame, a valid header further on
 * means the frame was misread (damage), not that the file stops there.
 */
final class FlacFrameSync {
    private FlacFrameSync() {
    }

    /** Offset of the first valid frame header at or after {@code from}, or -1. */
    static int nextHeader(byte[] data, int from) {
        for (int at = Math.max(0, from); at + 5 < data.length; at++) {
            if ((data[at] & 0xFF) == 0xFF && (data[at + 1] & 0xFE) == 0xF8 && headerChecks(data, at)) {
                return at;
            }
        }
        return -1;
    }

    private static boolean headerChecks(byte[] data, int at) {
        int blockCode = (data[at + 2] & 0xFF) >>> 4;
        int rateCode = data[at + 2] & 0x0F;
        if (blockCode == 0 || rateCode == 0x0F || (data[at + 3] & 0x01) != 0 || ((data[at + 3] & 0xFF) >>> 4) > 10) {
            return false; // reserved values
        }
        int length = 4;
        int lead = data[at + 4] & 0xFF;
        int numberBytes = lead < 0x80 ? 1 : lead >= 0xC0 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3
                : lead >= 0xF0 && lead < 0xF8 ? 4 : lead >= 0xF8 && lead < 0xFC ? 5 : lead >= 0xFC && lead < 0xFE ? 6 : lead == 0xFE ? 7 : -1;
        if (numberBytes < 0) {
            return false;
        }
        length += numberBytes;
        length += blockCode == 6 ? 1 : blockCode == 7 ? 2 : 0;
        length += rateCode == 12 ? 1 : rateCode == 13 || rateCode == 14 ? 2 : 0;
        if (at + length >= data.length) {
            return false;
        }
        int crc = 0;
        for (int i = at; i < at + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc == (data[at + length] & 0xFF);
    }
}
