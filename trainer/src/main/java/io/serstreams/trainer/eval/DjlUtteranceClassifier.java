package io.serstreams.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.model.MpglnBlock;
import io.serstreams.trainer.train.BatchAssembler;
import io.serstreams.trainer.train.SegmentSource;
import io.serstreams.trainer.train.TrainingExample;

import java.util.List;
import java.util.Optional;

/**
 * Reads utterances with a trained DJL model directly, each segment whole and on its own (the
 * model's transferred input included, e.g. cached mn04 vectors): for models the serving engine
 * cannot run yet.
 */
public final class DjlUtteranceClassifier implements UtteranceClassifier {
    private final MpglnBlock block;
    private final BatchAssembler assembler;
    private final SegmentSource segments;
    private final NDManager manager;

    public DjlUtteranceClassifier(MpglnBlock block, BatchAssembler assembler, SegmentSource segments, NDManager manager) {
        this.block = block;
        this.assembler = assembler;
        this.segments = segments;
        this.manager = manager;
    }

    @Override
    public Optional<Reading> classify(Utterance utterance) throws AudioFormatException {
        List<Segment> segments = this.segments.of(utterance);
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        float[][] sums = new float[3][];
        for (Segment s : segments) {
            try (NDManager local = manager.newSubManager()) {
                BatchAssembler.Batch batch = assembler.assemble(local, List.of(new TrainingExample(s, utterance.labels(), 0, utterance)), null);
                NDList out = block.forward(new ParameterStore(local, false), batch.inputs(), false);
                for (int head = 0; head < 3; head++) {
                    float[] p = softmax(out.get(head)).toFloatArray();
                    if (sums[head] == null) {
                        sums[head] = new float[p.length];
                    }
                    for (int i = 0; i < p.length; i++) {
                        sums[head][i] += p[i] / segments.size();
                    }
                }
            }
        }
        return Optional.of(new Reading(sums[0], sums[1], sums[2]));
    }

    private static NDArray softmax(NDArray logits) {
        return logits.softmax(-1);
    }
}
