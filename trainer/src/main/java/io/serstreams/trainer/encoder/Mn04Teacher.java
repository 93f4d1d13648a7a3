package io.serstreams.trainer.encoder;

import io.serstreams.modelserver.bundle.FeatureStatistics;
import io.serstreams.trainer.train.DistillationTarget;
import io.serstreams.trainer.train.PretrainingTarget.Pick;
import io.serstreams.trainer.train.TrainingExample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The frozen mn04 as a distillation teacher over cached segments ({@link EncoderFeatureCache}),
 * each training corpus standardised by its own statistics of the vectors distilled.
 */
public final class Mn04Teacher {
    private final EncoderFeatureCache cache;
    private final int patchFrames;

    /** Over {@code cache}, which holds every example's segment; segments are cut into patches of {@code patchFrames} frames. */
    public Mn04Teacher(EncoderFeatureCache cache, int patchFrames) {
        this.cache = cache;
        this.patchFrames = patchFrames;
    }

    /** One teacher vector per segment of {@code examples}: mn04's pooled embedding, against the student's mean over the segment's patches. */
    public DistillationTarget perSegment(List<TrainingExample> examples) {
        return new DistillationTarget(standardised(segments(examples)), "mn04 embedding distillation, one target per segment");
    }

    /** One teacher vector per full patch of {@code examples}: the mean of mn04's time steps under it, against the student's embedding of it. */
    public DistillationTarget perPatch(List<TrainingExample> examples) {
        return new DistillationTarget(standardised(patches(examples)), "mn04 embedding distillation, one target per patch");
    }

    /** Each example with all its patches and mn04's pooled embedding of the segment, raw. */
    List<Sourced> segments(List<TrainingExample> examples) {
        List<Sourced> out = new ArrayList<>();
        for (TrainingExample e : examples) {
            int[] patches = new int[e.segment().patches()];
            for (int p = 0; p < patches.length; p++) {
                patches[p] = p;
            }
            out.add(new Sourced(e.source().domain(), new Pick(e, patches, encoded(e).embedding())));
        }
        return out;
    }

    /** Each full patch of each example (the first one of a segment shorter than a patch) with the mean of mn04's steps under it, raw. */
    List<Sourced> patches(List<TrainingExample> examples) {
        List<Sourced> out = new ArrayList<>();
        for (TrainingExample e : examples) {
            EncodedSegment encoded = encoded(e);
            int frames = e.segment().frames();
            int full = Math.max(1, frames / patchFrames);
            for (int p = 0; p < full; p++) {
                out.add(new Sourced(e.source().domain(), new Pick(e, new int[]{p}, stepMean(encoded, frames, p))));
            }
        }
        return out;
    }

    /**
     * The mean of mn04's time steps that overlap patch {@code patch} of a segment of {@code frames}
     * log-mel frames, the steps spread evenly over the segment (mn04's ~320 ms steps at the same
     * 10 ms frame rate).
     */
    float[] stepMean(EncodedSegment encoded, int frames, int patch) {
        int steps = encoded.steps();
        int channels = encoded.embedding().length;
        double stepFrames = (double) frames / steps;
        int first = Math.min(steps - 1, (int) Math.floor(patch * patchFrames / stepFrames));
        int end = Math.max(first + 1, Math.min(steps, (int) Math.ceil(Math.min((patch + 1) * patchFrames, frames) / stepFrames)));
        float[] mean = new float[channels];
        float[] values = encoded.frames();
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int s = first; s < end; s++) {
                sum += values[c * steps + s];
            }
            mean[c] = (float) (sum / (end - first));
        }
        return mean;
    }

    private EncodedSegment encoded(TrainingExample e) {
        return cache.of(e.source(), e.segment().index()).orElseThrow(() -> new IllegalStateException(
                "segment " + e.segment().index() + " of " + e.source().file() + " is not in the encoder cache " + cache.folder()));
    }

    /** The picks with each domain's vectors standardised by that domain's statistics. */
    static List<Pick> standardised(List<Sourced> raw) {
        Map<String, FeatureStatistics> stats = DomainStandardisation.perDomain(raw.stream().map(Sourced::domain).toList(),
                raw.stream().map(r -> r.pick().target()).toList());
        return raw.stream().map(s -> new Pick(s.pick().example(), s.pick().patches(), stats.get(s.domain()).standardise(s.pick().target()))).toList();
    }

    /** A raw pick and the domain of its example. */
    record Sourced(String domain, Pick pick) {
    }
}
