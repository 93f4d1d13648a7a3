package io.serstreams.featureextractor.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes RIFF/WAVE: integer PCM of 8, 16, 24 or 32 bits, IEEE float of 32 or 64 bits, mu-law and
 * A-law, in plain or WAVE_FORMAT_EXTENSIBLE headers, any channel count and sample rate.
 */
public final class WavDecoder {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_ALAW = 6;
    private static final int FORMAT_MULAW = 7;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private WavDecoder() {
    }

    /** True when the bytes start like a WAV file. */
    public static boolean looksLikeWav(byte[] head) {
        return head.length >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
                && head[8] == 'W' && head[9] == 'A' && head[10] == 'V' && head[11] == 'E';
    }

    /**
     * @param source names the data in error messages (a file name, say)
     */
    public static DecodedAudio decode(byte[] data, String source) {
        if (!looksLikeWav(data)) {
            throw new AudioFormatException(source + ": not a WAV file (no RIFF/WAVE header)");
        }
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        in.position(12);
        Format format = null;
        while (in.remaining() >= 8) {
            String id = fourCc(in);
            long size = in.getInt() & 0xffffffffL;
            int start = in.position();
            if (id.equals("fmt ")) {
                format = Format.read(in, (int) Math.min(size, in.remaining()), source);
            } else if (id.equals("data")) {
                if (format == null) {
                    throw new AudioFormatException(source + ": the data chunk comes before any fmt chunk");
                }
                long available = in.remaining();
                // Streams written before their length was known carry 0 or 0xFFFFFFFF here.
                long declared = size == 0 || size == 0xffffffffL ? available : size;
                if (declared > available) {
                    throw new AudioFormatException(source + ": truncated: the data chunk declares " + declared
                            + " bytes but only " + available + " follow");
                }
                return format.decode(data, start, (int) declared, source);
            }
            long next = start + size + (size & 1);
            if (next > data.length) {
                break;
            }
            in.position((int) next);
        }
        throw new AudioFormatException(source + (format == null ? ": no fmt chunk" : ": no data chunk") + " in the WAV file");
    }

    private static String fourCc(ByteBuffer in) {
        byte[] id = new byte[4];
        in.get(id);
        return new String(id, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private record Format(SampleEncoding encoding, int channels, int sampleRate, int blockAlign) {

        static Format read(ByteBuffer in, int size, String source) {
            if (size < 16) {
                throw new AudioFormatException(source + ": fmt chunk of " + size + " bytes is too short");
            }
            int start = in.position();
            int tag = in.getShort() & 0xffff;
            int channels = in.getShort() & 0xffff;
            int sampleRate = in.getInt();
            in.getInt(); // byte rate: derived, not trusted
            int blockAlign = in.getShort() & 0xffff;
            int bits = in.getShort() & 0xffff;
            if (tag == FORMAT_EXTENSIBLE) {
                if (size < 40) {
                    throw new AudioFormatException(source + ": WAVE_FORMAT_EXTENSIBLE header is too short");
                }
                in.position(start + 24);
                tag = in.getShort() & 0xffff; // first two bytes of the sub-format GUID are the format tag
            }
            in.position(start + size);
            if (channels < 1) {
                throw new AudioFormatException(source + ": the WAV header declares " + channels + " channels");
            }
            if (sampleRate < 1000 || sampleRate > 384_000) {
                throw new AudioFormatException(source + ": impossible sample rate " + sampleRate + " Hz");
            }
            SampleEncoding encoding = switch (tag) {
                case FORMAT_PCM -> switch (bits) {
                    case 8 -> SampleEncoding.PCM_U8;
                    case 16 -> SampleEncoding.PCM16LE;
                    case 24 -> SampleEncoding.PCM24LE;
                    case 32 -> SampleEncoding.PCM32LE;
                    default -> throw new AudioFormatException(source + ": unsupported PCM sample size of " + bits + " bits");
                };
                case FORMAT_FLOAT -> switch (bits) {
                    case 32 -> SampleEncoding.FLOAT32LE;
                    case 64 -> SampleEncoding.FLOAT64LE;
                    default -> throw new AudioFormatException(source + ": unsupported float sample size of " + bits + " bits");
                };
                case FORMAT_MULAW -> SampleEncoding.MULAW;
                case FORMAT_ALAW -> SampleEncoding.ALAW;
                default -> throw new AudioFormatException(source + String.format(": unsupported WAV encoding (format tag 0x%04x);"
                        + " supported are PCM, IEEE float, mu-law and A-law", tag));
            };
            if (blockAlign != encoding.bytesPerSample() * channels) {
                throw new AudioFormatException(source + ": block align " + blockAlign + " does not match " + channels
                        + " channels of " + encoding.bytesPerSample() + "-byte samples");
            }
            return new Format(encoding, channels, sampleRate, blockAlign);
        }

        DecodedAudio decode(byte[] data, int offset, int length, String source) {
            int frames = length / blockAlign;
            if (frames == 0) {
                throw new AudioFormatException(source + ": empty audio (the data chunk holds no complete sample)");
            }
            float[][] out = new float[channels][frames];
            encoding.decodeInterleaved(data, offset, frames * blockAlign, channels, out, 0);
            DecodedAudio audio = new DecodedAudio(sampleRate, out);
            if (encoding == SampleEncoding.FLOAT32LE || encoding == SampleEncoding.FLOAT64LE) {
                // Only float formats can hold NaN, infinities or values far beyond full scale.
                SampleRange.require(audio, source, "float WAV");
            }
            return audio;
        }
    }
}
