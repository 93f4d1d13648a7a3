package io.serstreams.featureextractor.audio;

import org.jflac.PCMProcessor;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

import java.io.ByteArrayInputStream;
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
     * @param source names the data in error messages
     */
    public static DecodedAudio decode(byte[] data, String source) {
        org.jflac.FLACDecoder decoder = new org.jflac.FLACDecoder(new ByteArrayInputStream(data));
        Collector collector = new Collector(source);
        decoder.addPCMProcessor(collector);
        try {
            decoder.decode();
        } catch (IOException | RuntimeException e) {
            throw new AudioFormatException(source + ": FLAC stream does not decode: " + e.getMessage(), e);
        }
        if (collector.info == null) {
            throw new AudioFormatException(source + ": FLAC stream has no STREAMINFO block");
        }
        long expected = collector.info.getTotalSamples();
        if (expected > 0 && collector.frames < expected) {
            throw new AudioFormatException(source + ": truncated: " + collector.frames + " of " + expected + " samples decode");
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
