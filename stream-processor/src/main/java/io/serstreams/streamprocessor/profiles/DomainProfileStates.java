package io.serstreams.streamprocessor.profiles;

import io.serstreams.modelserver.bundle.FeatureStatistics;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.bundle.Normalization;
import io.serstreams.modelserver.profile.DomainProfile;
import io.serstreams.modelserver.profile.ProfileMoments;
import io.serstreams.schema.DomainProfileState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A domain's profile as {@code domain.profiles} carries it ({@link DomainProfileState}), and back. */
public final class DomainProfileStates {
    public static final String COLLECTING = "collecting";
    public static final String ACTIVE = "active";

    private DomainProfileStates() {
    }

    /** Whether sums of this much speech standardise their domain's segments. */
    public static boolean isActive(ProfileMoments moments, ProfileSettings settings) {
        return moments.speechSeconds() >= settings.minSpeechSeconds();
    }

    /** The published state of domain {@code key}'s sums, of {@code model}'s inputs. */
    public static DomainProfileState of(String key, ProfileMoments moments, ModelManifest model, ProfileSettings settings, long updatedAt) {
        DomainProfile profile = moments.profile(key, model);
        Normalization inputs = profile.inputs();
        FeatureStatistics encoder = profile.encoderOutput();
        double halfLife = settings.decay().halfLifeSeconds();
        return DomainProfileState.newBuilder()
                .setDomain(key)
                .setState(isActive(moments, settings) ? ACTIVE : COLLECTING)
                .setSegments(profile.segments())
                .setSpeechSeconds(profile.speechSeconds())
                .setMinSpeechSeconds(settings.minSpeechSeconds())
                .setHalfLifeSeconds(Double.isInfinite(halfLife) ? null : halfLife)
                .setModelVersion(model.name() + "-" + model.version())
                .setFeatures(profile.features())
                .setEncoderName(profile.encoder())
                .setLogMelMean(inputs.logMelMean())
                .setLogMelStd(inputs.logMelStd())
                .setDescriptorMean(list(inputs.descriptorMean()))
                .setDescriptorStd(list(inputs.descriptorStd()))
                .setEncoderMean(encoder == null ? null : list(encoder.mean()))
                .setEncoderStd(encoder == null ? null : list(encoder.std()))
                .setUpdateTime(Instant.ofEpochMilli(updatedAt))
                .build();
    }

    /** The profile {@code state} describes, to standardise segments by. */
    public static DomainProfile profileOf(DomainProfileState state) {
        FeatureStatistics encoder = state.getEncoderMean() == null ? null
                : new FeatureStatistics(array(state.getEncoderMean()), array(state.getEncoderStd()));
        return new DomainProfile(state.getDomain().toString(), state.getFeatures().toString(),
                state.getEncoderName() == null ? null : state.getEncoderName().toString(), state.getSegments(), state.getSpeechSeconds(),
                new Normalization(state.getLogMelMean(), state.getLogMelStd(), array(state.getDescriptorMean()), array(state.getDescriptorStd())),
                encoder);
    }

    private static List<Float> list(float[] values) {
        List<Float> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(v);
        }
        return out;
    }

    private static float[] array(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
