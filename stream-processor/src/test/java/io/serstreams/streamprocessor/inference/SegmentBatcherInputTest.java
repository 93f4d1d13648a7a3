package io.serstreams.streamprocessor.inference;

import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.schema.Channel;
import io.serstreams.schema.ChannelRole;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schema.SegmentTimings;
import io.serstreams.schema.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the inference side hands the model from a SegmentFeatures event, the encoder front end's log-mel included. */
class SegmentBatcherInputTest {

    private static Tensor tensor(int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        ByteBuffer bytes = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            bytes.putFloat(i * 0.25f);
        }
        bytes.flip();
        return new Tensor(java.util.Arrays.stream(shape).boxed().toList(), bytes);
    }

    private static SegmentFeatures segment(Tensor encoderLogMel) {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        return SegmentFeatures.newBuilder().setCallId("c").setChannel(new Channel(0, ChannelRole.CUSTOMER)).setSegmentIndex(0)
                .setSampleRate(16000).setStartSample(0).setEndSample(30720).setStartMs(0).setEndMs(1920)
                .setLogMel(tensor(2, 96, 64)).setDescriptors(tensor(192, 39)).setFeatureVersion("v").setVoicedRatio(1f)
                .setTimings(new SegmentTimings(t, t, t, t)).setEncoderLogMel(encoderLogMel).build();
    }

    @Test
    void theEncoderLogMelReachesTheModelInputWhenTheSegmentCarriesIt() {
        SegmentInput with = SegmentBatcher.inputOf(segment(tensor(192, 128)));
        assertThat(with.encoderFrames()).isEqualTo(192);
        assertThat(with.encoderLogMel()).hasSize(192 * 128);
        assertThat(with.encoderLogMel()[5]).isEqualTo(1.25f);
        assertThat(with.patches()).isEqualTo(2);

        SegmentInput without = SegmentBatcher.inputOf(segment(null));
        assertThat(without.encoderLogMel()).isNull();
        assertThat(without.encoderFrames()).isZero();
        assertThat(List.of(without.patches(), without.frames())).containsExactly(2, 192);
    }
}
