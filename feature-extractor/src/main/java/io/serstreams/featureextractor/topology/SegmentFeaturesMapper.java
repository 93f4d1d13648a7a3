package io.serstreams.featureextractor.topology;

import io.serstreams.featureextractor.features.EfficientAtFrontEnd;
import io.serstreams.featureextractor.features.EncoderLogMel;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.schema.Channel;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schema.SegmentTimings;
import io.serstreams.schema.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;

/** Turns an extracted {@link Segment} into the {@link SegmentFeatures} event. */
public final class SegmentFeaturesMapper {
    private final FeatureConfig config;

    SegmentFeaturesMapper(FeatureConfig config) {
        this.config = config;
    }

    /** @param encoderLogMel the encoder front end's log-mel of the segment, [frames, 128] row-major; null when not computed */
    SegmentFeatures toEvent(Segment segment, ChannelState state, boolean endOfCall, long lastChunkCaptureMs, long lastChunkRecordMs, long nowMs,
                            float[] encoderLogMel) {
        long firstSampleInput = segment.startSample() * state.sampleRate / segment.sampleRate();
        long firstCapture = Math.max(state.firstCaptureMs, state.captureTimeOf(firstSampleInput));
        return SegmentFeatures.newBuilder()
                .setCallId(state.callId)
                .setChannel(new Channel(state.channel, state.role))
                .setSegmentIndex(segment.index())
                .setSampleRate(segment.sampleRate())
                .setStartSample(segment.startSample())
                .setEndSample(segment.endSample())
                .setStartMs(segment.startMs())
                .setEndMs(segment.endMs())
                .setLogMel(tensor(segment.logMel(), segment.logMelShape(config)))
                .setDescriptors(tensor(segment.descriptors(), segment.descriptorShape()))
                .setFeatureVersion(config.version())
                .setVoicedRatio(segment.voicedRatio())
                .setConcealedGapMs(segment.concealedMillis())
                .setEndOfCall(endOfCall)
                .setDeclaredDomain(state.declaredDomain())
                .setEncoderLogMel(encoderLogMel == null ? null
                        : tensor(encoderLogMel, new int[]{EncoderLogMel.frames(encoderLogMel), EfficientAtFrontEnd.MEL_BANDS}))
                .setTimings(new SegmentTimings(Instant.ofEpochMilli(firstCapture), Instant.ofEpochMilli(lastChunkCaptureMs),
                        Instant.ofEpochMilli(lastChunkRecordMs), Instant.ofEpochMilli(nowMs)))
                .build();
    }

    /**
     * The event closing a channel when no segment is left to carry the end-of-call flag: no frames,
     * zero-length tensors, the next segment index.
     */
    SegmentFeatures endOfCallMarker(int nextIndex, long positionSamples, ChannelState state, long lastChunkCaptureMs, long lastChunkRecordMs, long nowMs) {
        Segment empty = new Segment(nextIndex, positionSamples, positionSamples, config.sampleRate(), 0, 0, new float[0], new float[0], 0f, 0);
        return toEvent(empty, state, true, lastChunkCaptureMs, lastChunkRecordMs, nowMs, null);
    }

    static Tensor tensor(float[] values, int[] shape) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return new Tensor(List.of(box(shape)), bytes);
    }

    /** The values of a tensor event, in row-major order. */
    public static float[] values(Tensor tensor) {
        float[] out = new float[tensor.getData().remaining() / 4];
        tensor.getData().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static Integer[] box(int[] shape) {
        Integer[] boxed = new Integer[shape.length];
        for (int i = 0; i < shape.length; i++) {
            boxed[i] = shape[i];
        }
        return boxed;
    }
}
