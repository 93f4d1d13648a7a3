package io.serstreams.featureextractor.features;

import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.featureextractor.audio.SampleRange;
import io.serstreams.featureextractor.audio.SampleTime;
import io.serstreams.featureextractor.dsp.StreamingResampler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns one channel's audio, fed in pieces of any size at its own sample rate, into speech
 * segments with their features: resample to the feature rate, frame, analyse, mark voice activity,
 * cut segments of {@code segmentFrames} every {@code segmentHopFrames}, skip the ones that are mostly
 * silence. A whole recording fed at once and the same recording fed in chunks give the same
 * segments: every step is causal and keeps its own carry-over.
 *
 * <p>A run is a stretch of contiguous audio. {@link #finish} ends the last run (the end of a call);
 * {@link #skipGap} ends one and starts the next after missing audio too long to conceal. At the end
 * of a run, a remainder of at least {@code minTailFrames} frames that is voiced enough becomes a
 * shorter segment; shorter remainders are dropped as too short to judge.
 *
 * <p>Not thread-safe: one instance per call channel.
 */
public final class ChannelFeatureExtractor {
    private final FeatureConfig config;
    private final int inputRate;
    private final FrameAnalyzer analyzer;
    private final VoiceActivityDetector vad = new VoiceActivityDetector();
    private final int bands;
    private final float silenceLogMel;

    private StreamingResampler resampler;
    private float[] samples = new float[16384];
    private int sampleStart;
    private int sampleEnd;

    private long runOrigin;
    private long runInputSamples;
    private long runOutputSamples;

    private final float[] frameLogMel;
    private final float[] frameDescriptors;
    private int bufferedFrames;
    private long bufferFirstFrame;

    /** 2: minimum-statistics voice activity; format 1 snapshots (the earlier detector) are still read. */
    private static final int SNAPSHOT_FORMAT = 2;
    private int nextSegmentIndex;
    private long windowsCompleted;
    /** Run frame up to which emitted segments reach: frames before it are accounted as segmented. */
    private long segmentedUntilFrame;
    private long segmentedSamples;
    private long unvoicedSamples;
    private long shortSamples;
    private final List<long[]> concealed = new ArrayList<>();

    public ChannelFeatureExtractor(FeatureConfig config, int inputRate) {
        this.config = config;
        this.inputRate = inputRate;
        this.analyzer = new FrameAnalyzer(config);
        this.bands = config.melBands();
        this.silenceLogMel = (float) Math.log(config.logOffset());
        this.resampler = new StreamingResampler(inputRate, config.sampleRate());
        this.frameLogMel = new float[config.segmentFrames() * bands];
        this.frameDescriptors = new float[config.segmentFrames() * FrameDescriptor.COUNT];
    }

    /** The segments of a whole recording of one channel, as a stream of it would yield them. */
    public static List<Segment> segmentsOf(float[] samples, int sampleRate, FeatureConfig config) {
        return segment(samples, sampleRate, config).segments();
    }

    /** {@link #segmentsOf}, with the account of what did not become a segment. */
    public static SegmentedChannel segment(float[] samples, int sampleRate, FeatureConfig config) {
        List<Segment> segments = new ArrayList<>();
        ChannelFeatureExtractor extractor = new ChannelFeatureExtractor(config, sampleRate);
        extractor.accept(samples, 0, samples.length, segments::add);
        extractor.finish(segments::add);
        return new SegmentedChannel(segments, extractor.tally());
    }

    public FeatureConfig config() {
        return config;
    }

    public int inputRate() {
        return inputRate;
    }

    /**
     * Feeds samples at the input rate; completed segments go to {@code sink}.
     *
     * @throws AudioFormatException, before taking any of them, when a sample is NaN, infinite or out
     *                              of {@link SampleRange}: computed on, it would reach every value of its segment
     */
    public void accept(float[] input, int offset, int length, Consumer<Segment> sink) {
        int rejected = SampleRange.firstRejected(input, offset, offset + length);
        if (rejected >= 0) {
            SampleTime at = new SampleTime(positionOfInput(runInputSamples + rejected - offset), config.sampleRate());
            throw new AudioFormatException("the sample at " + at + " of the channel " + SampleRange.problem(input[rejected], "the audio"));
        }
        runInputSamples += length;
        int ready = resampler.process(input, offset, length);
        feed(resampler.output(), ready, sink);
    }

    /** Feeds {@code inputSamples} of silence standing in for missing audio, and remembers where it lies. */
    public void concealGap(int inputSamples, Consumer<Segment> sink) {
        long from = positionOfInput(runInputSamples);
        long to = positionOfInput(runInputSamples + inputSamples);
        concealed.add(new long[]{from, to});
        float[] silence = new float[Math.min(inputSamples, 4096)];
        for (int left = inputSamples; left > 0; left -= silence.length) {
            accept(silence, 0, Math.min(left, silence.length), sink);
        }
    }

    /**
     * Ends the current run, emitting its remainder, and starts a new one {@code inputSamples} later,
     * so segment times keep counting from the start of the call across the gap.
     */
    public void skipGap(long inputSamples, Consumer<Segment> sink) {
        endRun(sink);
        runOrigin = runOrigin + runOutputSamples + inputSamples * config.sampleRate() / inputRate;
        runInputSamples = 0;
        runOutputSamples = 0;
        bufferFirstFrame = 0;
        segmentedUntilFrame = 0;
        resampler = new StreamingResampler(inputRate, config.sampleRate());
        analyzer.resetContinuity();
    }

    /** Ends the stream (the end of the call): the remainder becomes a last segment if it qualifies. */
    public void finish(Consumer<Segment> sink) {
        endRun(sink);
    }

    /**
     * Everything this extractor carries between calls, as bytes: {@link #restore} turns them back into
     * an extractor that continues exactly where this one stands. Small between segments (pending
     * samples, the frames of the segment in progress, filter and detector state).
     */
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(SNAPSHOT_FORMAT);
            out.writeUTF(config.version());
            out.writeInt(inputRate);
            resampler.writeState(out);
            analyzer.writeState(out);
            vad.writeState(out);
            out.writeInt(sampleEnd - sampleStart);
            for (int i = sampleStart; i < sampleEnd; i++) {
                out.writeFloat(samples[i]);
            }
            out.writeLong(runOrigin);
            out.writeLong(runInputSamples);
            out.writeLong(runOutputSamples);
            out.writeInt(bufferedFrames);
            out.writeLong(bufferFirstFrame);
            for (int i = 0; i < bufferedFrames * bands; i++) {
                out.writeFloat(frameLogMel[i]);
            }
            for (int i = 0; i < bufferedFrames * FrameDescriptor.COUNT; i++) {
                out.writeFloat(frameDescriptors[i]);
            }
            out.writeInt(nextSegmentIndex);
            out.writeLong(windowsCompleted);
            out.writeLong(segmentedUntilFrame);
            out.writeLong(segmentedSamples);
            out.writeLong(unvoicedSamples);
            out.writeLong(shortSamples);
            out.writeInt(concealed.size());
            for (long[] range : concealed) {
                out.writeLong(range[0]);
                out.writeLong(range[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * An extractor continuing from a {@link #snapshot}.
     *
     * @throws IllegalArgumentException when the snapshot was taken with another feature configuration or is damaged
     */
    public static ChannelFeatureExtractor restore(byte[] snapshot, FeatureConfig config) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int format = in.readByte();
            if (format != SNAPSHOT_FORMAT && format != 1) {
                throw new IllegalArgumentException("extractor snapshot format " + format + " is neither 1 nor " + SNAPSHOT_FORMAT);
            }
            String version = in.readUTF();
            if (!version.equals(config.version())) {
                throw new IllegalArgumentException("extractor snapshot was taken with features " + version + ", not " + config.version());
            }
            ChannelFeatureExtractor e = new ChannelFeatureExtractor(config, in.readInt());
            e.resampler.readState(in);
            e.analyzer.readState(in);
            if (format == 1) {
                e.vad.readFormerState(in);
            } else {
                e.vad.readState(in);
            }
            int pending = in.readInt();
            e.samples = new float[Math.max(e.samples.length, pending)];
            for (int i = 0; i < pending; i++) {
                e.samples[i] = in.readFloat();
            }
            e.sampleEnd = pending;
            e.runOrigin = in.readLong();
            e.runInputSamples = in.readLong();
            e.runOutputSamples = in.readLong();
            e.bufferedFrames = in.readInt();
            e.bufferFirstFrame = in.readLong();
            for (int i = 0; i < e.bufferedFrames * e.bands; i++) {
                e.frameLogMel[i] = in.readFloat();
            }
            for (int i = 0; i < e.bufferedFrames * FrameDescriptor.COUNT; i++) {
                e.frameDescriptors[i] = in.readFloat();
            }
            e.nextSegmentIndex = in.readInt();
            e.windowsCompleted = in.readLong();
            if (format >= 2) {
                e.segmentedUntilFrame = in.readLong();
                e.segmentedSamples = in.readLong();
                e.unvoicedSamples = in.readLong();
                e.shortSamples = in.readLong();
            }
            int ranges = in.readInt();
            for (int i = 0; i < ranges; i++) {
                e.concealed.add(new long[]{in.readLong(), in.readLong()});
            }
            return e;
        } catch (IOException e) {
            throw new IllegalArgumentException("damaged extractor snapshot: " + e, e);
        }
    }

    /**
     * Segment windows completed so far, emitted or skipped as silence: when it changes, the
     * frames before it are done with, which makes it a good moment for a {@link #snapshot}.
     */
    public long windowsCompleted() {
        return windowsCompleted;
    }

    /** Feature-rate position (from the start of the call) just after the last input sample fed. */
    public long position() {
        return positionOfInput(runInputSamples);
    }

    /**
     * Where the audio fed so far went: into segments or dropped, and why. Complete after {@link #finish};
     * before, the frames of the window in progress are not yet counted.
     */
    public SegmentationTally tally() {
        return new SegmentationTally(segmentedSamples, unvoicedSamples, shortSamples, config.sampleRate());
    }

    /** Segments emitted so far; the next one gets this index. */
    public int segmentCount() {
        return nextSegmentIndex;
    }

    private void endRun(Consumer<Segment> sink) {
        int ready = resampler.flush();
        feed(resampler.output(), ready, sink);
        boolean tooShort = bufferedFrames < config.minTailFrames();
        if (!tooShort && emit(bufferedFrames, sink)) {
            segmentedUntilFrame = bufferFirstFrame + bufferedFrames;
        }
        tally(bufferedFrames, tooShort);
        // Each frame was accounted as one hop of samples; what follows the last one never made a frame.
        shortSamples += sampleEnd - sampleStart;
        if (bufferedFrames > 0) {
            windowsCompleted++;
        }
        bufferedFrames = 0;
        sampleStart = 0;
        sampleEnd = 0;
        concealed.clear();
    }

    private void feed(float[] resampled, int length, Consumer<Segment> sink) {
        runOutputSamples += length;
        if (sampleEnd + length > samples.length) {
            compact();
            if (sampleEnd + length > samples.length) {
                samples = Arrays.copyOf(samples, Math.max(samples.length * 2, sampleEnd + length));
            }
        }
        System.arraycopy(resampled, 0, samples, sampleEnd, length);
        sampleEnd += length;
        int window = config.windowSamples();
        while (sampleEnd - sampleStart >= window) {
            analyzeFrame(sink);
            sampleStart += config.hopSamples();
        }
    }

    private void analyzeFrame(Consumer<Segment> sink) {
        int slot = bufferedFrames;
        int d = slot * FrameDescriptor.COUNT;
        analyzer.analyze(samples, sampleStart, frameLogMel, slot * bands, frameDescriptors, d);
        boolean voiced = vad.update(analyzer.lastEnergyDb());
        frameDescriptors[d + FrameDescriptor.VOICED.offset()] = voiced ? 1f : 0f;
        bufferedFrames++;
        if (bufferedFrames == config.segmentFrames()) {
            if (emit(bufferedFrames, sink)) {
                segmentedUntilFrame = bufferFirstFrame + bufferedFrames;
            }
            windowsCompleted++;
            int hop = config.segmentHopFrames();
            // The window's first hop frames belong to no later window: account for them now.
            tally(hop, false);
            int keep = bufferedFrames - hop;
            System.arraycopy(frameLogMel, hop * bands, frameLogMel, 0, keep * bands);
            System.arraycopy(frameDescriptors, hop * FrameDescriptor.COUNT, frameDescriptors, 0, keep * FrameDescriptor.COUNT);
            bufferedFrames = keep;
            bufferFirstFrame += hop;
        }
    }

    /** Accounts for the first {@code frames} buffered frames: segmented as far as emitted segments reach, the rest dropped. */
    private void tally(int frames, boolean tooShort) {
        long segmented = Math.max(0, Math.min(frames, segmentedUntilFrame - bufferFirstFrame));
        segmentedSamples += segmented * config.hopSamples();
        long dropped = (frames - segmented) * config.hopSamples();
        if (tooShort) {
            shortSamples += dropped;
        } else {
            unvoicedSamples += dropped;
        }
    }

    /** Emits the buffered frames as a segment if voiced enough; says whether it did. */
    private boolean emit(int frames, Consumer<Segment> sink) {
        int voiced = 0;
        for (int f = 0; f < frames; f++) {
            if (frameDescriptors[f * FrameDescriptor.COUNT + FrameDescriptor.VOICED.offset()] > 0) {
                voiced++;
            }
        }
        float voicedRatio = (float) voiced / frames;
        if (voicedRatio < config.minVoicedRatio()) {
            return false;
        }
        int patchFrames = config.patchFrames();
        int patches = (frames + patchFrames - 1) / patchFrames;
        float[] logMel = new float[patches * patchFrames * bands];
        System.arraycopy(frameLogMel, 0, logMel, 0, frames * bands);
        Arrays.fill(logMel, frames * bands, logMel.length, silenceLogMel);
        float[] descriptors = Arrays.copyOf(frameDescriptors, frames * FrameDescriptor.COUNT);
        Deltas.fill(descriptors, frames, FrameDescriptor.MFCC, FrameDescriptor.DELTA_MFCC);
        Deltas.fill(descriptors, frames, FrameDescriptor.LOG_ENERGY, FrameDescriptor.DELTA_LOG_ENERGY);
        Deltas.fill(descriptors, frames, FrameDescriptor.PITCH, FrameDescriptor.DELTA_PITCH);

        long start = runOrigin + bufferFirstFrame * config.hopSamples();
        long end = start + (long) (frames - 1) * config.hopSamples() + config.windowSamples();
        sink.accept(new Segment(nextSegmentIndex++, start, end, config.sampleRate(), frames, patches, logMel, descriptors,
                voicedRatio, concealedMillis(start, end)));
        concealed.removeIf(range -> range[1] <= end);
        return true;
    }

    private int concealedMillis(long start, long end) {
        long samplesConcealed = 0;
        for (long[] range : concealed) {
            samplesConcealed += Math.max(0, Math.min(end, range[1]) - Math.max(start, range[0]));
        }
        return (int) (samplesConcealed * 1000 / config.sampleRate());
    }

    /** Feature-rate position (from the start of the call) of the input sample with this index in the run. */
    private long positionOfInput(long inputIndex) {
        return runOrigin + inputIndex * config.sampleRate() / inputRate;
    }

    private void compact() {
        System.arraycopy(samples, sampleStart, samples, 0, sampleEnd - sampleStart);
        sampleEnd -= sampleStart;
        sampleStart = 0;
    }
}
