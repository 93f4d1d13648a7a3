package io.serstreams.featureextractor.audio;

import org.jflac.FrameListener;
import org.jflac.PCMProcessor;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;

/** Decodes FLAC (the corpora's format, and a common archive format) with jFLAC. */
public final class FlacDecoder {

    private FlacDecoder() {
    }

    /** True when the bytes start like a FLAC stream. */
    public static boolean looksLikeFlac(byte[] head) {
        return head.length >= 4 && head[0] == 'f' && head[1] == 'L' && head[2] == 'a' && head[3] == 'C';
    }

    /**
     * Decodes a whole FLAC stream. Damaged data (a frame whose checksum fails, a bad frame header,
     * bytes between frames) is refused as corrupt, naming the first damaged frame's byte offset and
     * time; a stream that just stops early is refused as truncated.
     *
     * @param source names the data in error messages
     * @throws AudioFormatException when the stream is corrupt, truncated, empty or not supported
     */
    public static DecodedAudio decode(byte[] data, String source) {
        org.jflac.FLACDecoder decoder = new org.jflac.FLACDecoder(new ByteArrayInputStream(data));
        Collector collector = new Collector(source);
        FrameErrors errors = new FrameErrors(decoder, collector);
        decoder.addPCMProcessor(collector);
        decoder.addFrameListener(errors);
        // jFLAC prints debug lines to System.out on some data (see ThreadMutedStdout); its errors come through FrameErrors.
        try (ThreadMutedStdout.Muted muted = ThreadMutedStdout.mute()) {
            decoder.decode();
        } catch (EOFException e) {
            // decode() ends quietly where the frames end: an end of data escaping it came from the metadata blocks.
            throw new AudioFormatException(source + ": truncated or corrupt: the FLAC metadata blocks run past the end of the data, "
                    + data.length + " bytes");
        } catch (IOException e) {
            throw new AudioFormatException(source + ": not a valid FLAC stream: " + e.getMessage(), e);
        } catch (AudioFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            errors.processError("the decoder failed (" + e + ")");
        }
        if (collector.info == null) {
            throw new AudioFormatException(source + ": FLAC stream has no STREAMINFO block");
        }
        if (errors.count > 0) {
            throw new AudioFormatException(source + ": corrupt FLAC data in the frame at byte " + errors.firstByte
                    + " (" + new SampleTime(errors.firstSample, collector.info.getSampleRate()) + " into the audio): " + errors.first
                    + (errors.count > 1 ? "; " + errors.count + " damaged places in all" : ""));
        }
        long expected = collector.info.getTotalSamples();
        boolean ranOut = errors.endOfDataByte >= 0 || expected > 0 && collector.frames < expected;
        if (ranOut) {
            // The data ran out inside a frame: a cut file, unless a valid frame follows it or it is longer than any valid frame.
            int stopped = (int) (errors.endOfDataByte >= 0 ? errors.endOfDataByte : errors.frameStartByte);
            long stoppedSample = errors.endOfDataByte >= 0 ? errors.endOfDataSample : collector.frames;
            int next = FlacFrameSync.nextHeader(data, stopped + 1);
            if (next >= 0 || data.length - stopped > largestFrameBytes(collector.info)) {
                throw new AudioFormatException(source + ": corrupt FLAC data in the frame at byte " + stopped + " ("
                        + new SampleTime(stoppedSample, collector.info.getSampleRate()) + " into the audio): it does not decode, running "
                        + (next >= 0 ? "into the next frame, at byte " + next : "past the end of the data"));
            }
        }
        if (expected > 0 && collector.frames < expected) {
            throw new AudioFormatException(source + ": truncated: " + collector.frames + " of " + expected + " samples decode; the data ends at byte "
                    + data.length + ", " + new SampleTime(collector.frames, collector.info.getSampleRate()) + " into the audio");
        }
        if (collector.frames == 0) {
            throw new AudioFormatException(source + ": empty audio (no samples)");
        }
        float[][] channels = new float[collector.channels.length][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = java.util.Arrays.copyOf(collector.channels[c], collector.frames);
        }
        return new DecodedAudio(collector.info.getSampleRate(), channels);
    }

    /** An upper bound on a valid frame's size: its samples stored verbatim, plus header, subframe headers and checksum. */
    private static long largestFrameBytes(StreamInfo info) {
        return (long) info.getMaxBlockSize() * info.getChannels() * ((info.getBitsPerSample() + 7) / 8) + 16 + 2L * info.getChannels() + 2;
    }

    /**
     * jFLAC's error callbacks, kept with where they happened. jFLAC itself skips a frame with a bad
     * header and turns a frame whose checksum fails into silence, then goes on; left at that, a
     * damaged file would come out short ("truncated") or with holes.
     */
    private static final class FrameErrors implements FrameListener {
        private final org.jflac.FLACDecoder decoder;
        private final Collector collector;
        /** Where the frame being read starts: just after the last metadata block or frame read. */
        private long frameStartByte;
        private int count;
        private String first;
        private long firstByte;
        private long firstSample;
        /** Where the frame that the data ended inside starts, or -1. */
        private long endOfDataByte = -1;
        private long endOfDataSample;

        FrameErrors(org.jflac.FLACDecoder decoder, Collector collector) {
            this.decoder = decoder;
            this.collector = collector;
        }

        @Override
        public void processMetadata(Metadata metadata) {
            frameStartByte = decoder.getBitInputStream().getTotalBytesRead();
        }

        @Override
        public void processFrame(Frame frame) {
            frameStartByte = decoder.getBitInputStream().getTotalBytesRead();
        }

        @Override
        public void processError(String message) {
            if (message.contains("EOFException")) {
                // The data ended inside a frame: a cut file, unless the frame is impossibly long (see decode).
                endOfDataByte = frameStartByte;
                endOfDataSample = collector.frames;
                return;
            }
            if (count++ == 0) {
                first = describe(message);
                firstByte = frameStartByte;
                firstSample = collector.frames;
            }
        }

        private static String describe(String message) {
            String detail = message.substring(message.lastIndexOf(": ") + 2);
            if (message.startsWith("CRC Error")) {
                return "frame checksum (CRC-16) mismatch";
            }
            if (message.contains("LOST_SYNC")) {
                return "bytes that are not a frame (lost frame sync)";
            }
            if (message.startsWith("Found bad header")) {
                return "bad frame header (" + detail + ")";
            }
            if (message.startsWith("ZeroPaddingError")) {
                return "padding bits are not zero";
            }
            if (message.startsWith("ReadSubframe")) {
                return "a subframe does not decode (" + detail + ")";
            }
            return message;
        }
    }

    /** Gathers jFLAC's interleaved little-endian PCM blocks into per-channel float arrays. */
    private static final class Collector implements PCMProcessor {
        private final String source;
        private StreamInfo info;
        private SampleEncoding encoding;
        private float[][] channels;
        private int frames;

        Collector(String source) {
            this.source = source;
        }

        @Override
        public void processStreamInfo(StreamInfo streamInfo) {
            info = streamInfo;
            encoding = switch (streamInfo.getBitsPerSample()) {
                case 8 -> SampleEncoding.PCM_U8;
                case 16 -> SampleEncoding.PCM16LE;
                case 24 -> SampleEncoding.PCM24LE;
                default -> throw new AudioFormatException(source + ": unsupported FLAC sample size of " + streamInfo.getBitsPerSample() + " bits");
            };
            long total = streamInfo.getTotalSamples();
            int initial = total > 0 && total < Integer.MAX_VALUE ? (int) total : 1 << 16;
            channels = new float[streamInfo.getChannels()][initial];
        }

        @Override
        public void processPCM(ByteData pcm) {
            int frameBytes = encoding.bytesPerSample() * channels.length;
            int blockFrames = pcm.getLen() / frameBytes;
            if (frames + blockFrames > channels[0].length) {
                for (int c = 0; c < channels.length; c++) {
                    channels[c] = java.util.Arrays.copyOf(channels[c], Math.max(channels[c].length * 2, frames + blockFrames));
                }
            }
            encoding.decodeInterleaved(pcm.getData(), 0, blockFrames * frameBytes, channels.length, channels, frames);
            frames += blockFrames;
        }
    }
}
