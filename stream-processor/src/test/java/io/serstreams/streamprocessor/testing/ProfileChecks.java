package io.serstreams.streamprocessor.testing;

import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.profile.ProfileDecay;
import io.serstreams.modelserver.profile.ProfileMoments;
import io.serstreams.schema.DomainProfileState;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.streamprocessor.inference.SegmentBatcher;
import org.assertj.core.data.Offset;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A published domain profile against the sums of its segments computed here, not by the stream. */
public final class ProfileChecks {
    private ProfileChecks() {
    }

    /** A segment's length in seconds, as the stream counts it. */
    public static double seconds(SegmentFeatures segment) {
        return (segment.getEndMs() - segment.getStartMs()) / 1000.0;
    }

    /** The profile sums of {@code segments} (a model without an encoder), added in order with {@code decay}. */
    public static ProfileMoments sumsOf(List<SegmentFeatures> segments, ModelManifest model, ProfileDecay decay) {
        ProfileMoments sums = ProfileMoments.empty(model);
        for (SegmentFeatures segment : segments) {
            sums = sums.plus(ProfileMoments.ofSegment(SegmentBatcher.inputOf(segment), null, model.features().melBands(), seconds(segment), 0), decay);
        }
        return sums;
    }

    /** {@code published} holds {@code expected}'s speech and statistics, up to float rounding and the order the sums were added in. */
    public static void assertStatisticsOf(DomainProfileState published, ProfileMoments expected) {
        Normalization inputs = expected.inputs();
        assertThat(published.getSpeechSeconds()).isCloseTo(expected.speechSeconds(), Offset.offset(1e-6));
        assertThat(published.getLogMelMean()).isCloseTo(inputs.logMelMean(), Offset.offset(1e-5f));
        assertThat(published.getLogMelStd()).isCloseTo(inputs.logMelStd(), Offset.offset(1e-5f));
        for (int c = 0; c < inputs.descriptorMean().length; c++) {
            float scale = Math.max(1, Math.abs(inputs.descriptorMean()[c]));
            assertThat(published.getDescriptorMean().get(c)).as("descriptor %d mean", c).isCloseTo(inputs.descriptorMean()[c], Offset.offset(1e-4f * scale));
            assertThat(published.getDescriptorStd().get(c)).as("descriptor %d std", c).isCloseTo(inputs.descriptorStd()[c], Offset.offset(1e-4f * scale));
        }
    }
}
