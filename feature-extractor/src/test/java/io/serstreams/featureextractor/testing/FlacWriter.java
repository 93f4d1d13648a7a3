package io.serstreams.featureextractor.testing;

import java.io.ByteArrayOutputStream;

/**
 * Writes 16-bit FLAC from float channels, so FLAC tests need no corpus. Every subframe is FIXED of
 * order 0 with its residual in one escape-coded Rice partition (the samples as raw 16-bit values):
 * valid FLAC, and the path on which jFLAC prints its debug line to standard output.
 */
public final class FlacWriter {
    public static final int BLOCK_SIZE = 4096;

    private FlacWriter() {
    }

    public static byte[] write(float[][] channels, int rate) {
        int frames = channels[0].length;
        Bits out = new Bits();
        out.bytes("fLaC".getBytes());
        out.put(1, 1).put(0, 7).put(34, 24); // last metadata block: STREAMINFO, 34 bytes
        out.put(BLOCK_SIZE, 16).put(BLOCK_SIZE, 16).put(0, 24).put(0, 24);
        out.put(rate, 20).put(channels.length - 1, 3).put(15, 5).put(frames >>> 4, 32).put(frames & 0xF, 4);
        out.bytes(new byte[16]); // MD5 unknown
        for (int start = 0, number = 0; start < frames; start += BLOCK_SIZE, number++) {
            out.bytes(frame(channels, start, Math.min(BLOCK_SIZE, frames - start), number));
        }
        return out.toByteArray();
    }

    private static byte[] frame(float[][] channels, int start, int size, int number) {
        Bits frame = new Bits();
        frame.put(0xFFF8, 16); // sync, fixed block size
        frame.put(0b0111, 4).put(0b0000, 4); // block size - 1 in 16 bits below; sample rate from STREAMINFO
        frame.put(channels.length - 1, 4).put(0b100, 3).put(0, 1); // independent channels, 16 bits
        frame.utf8(number).put(size - 1, 16);
        frame.put(crc8(frame.toByteArray()), 8);
        for (float[] channel : channels) {
            frame.put(0, 1).put(0b001000, 6).put(0, 1); // FIXED, order 0, no wasted bits
            frame.put(0, 2).put(0, 4).put(15, 4).put(16, 5); // Rice, partition order 0, escape: 16 raw bits each
            for (int i = 0; i < size; i++) {
                frame.put(Math.round(Math.max(-1, Math.min(1, channel[start + i])) * 32767) & 0xFFFF, 16);
            }
        }
        frame.alignToByte();
        frame.put(crc16(frame.toByteArray()), 16);
        return frame.toByteArray();
    }

    private static int crc8(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }

    private static int crc16(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= (b & 0xFF) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }
        return crc;
    }

    /** Big-endian bit writer. */
    private static final class Bits {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int pending;
        private int pendingBits;

        Bits put(long value, int bits) {
            for (int i = bits - 1; i >= 0; i--) {
                pending = (pending << 1) | (int) ((value >>> i) & 1);
                if (++pendingBits == 8) {
                    bytes.write(pending);
                    pending = 0;
                    pendingBits = 0;
                }
            }
            return this;
        }

        Bits bytes(byte[] data) {
            for (byte b : data) {
                put(b & 0xFF, 8);
            }
            return this;
        }

        /** FLAC's UTF-8-like coding of a frame number. */
        Bits utf8(int value) {
            if (value < 0x80) {
                return put(value, 8);
            }
            int continuation = value < 0x800 ? 1 : value < 0x10000 ? 2 : value < 0x200000 ? 3 : 4;
            int lead = (0xFF00 >> (continuation + 1)) & 0xFF;
            put(lead | (value >>> (6 * continuation)), 8);
            for (int i = continuation - 1; i >= 0; i--) {
                put(0x80 | ((value >>> (6 * i)) & 0x3F), 8);
            }
            return this;
        }

        void alignToByte() {
            if (pendingBits > 0) {
                put(0, 8 - pendingBits);
            }
        }

        byte[] toByteArray() {
            if (pendingBits != 0) {
                throw new IllegalStateException("not at a byte boundary");
            }
            return bytes.toByteArray();
        }
    }
}
