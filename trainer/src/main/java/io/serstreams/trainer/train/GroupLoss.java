package io.serstreams.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * The group loss of labels.md, each term masked where its label is unknown:
 * <pre>
 * L = CE(emotion) + a CE(arousal) + v CE(valence) + g [CE(arousal, G_a p_emotion) + CE(valence, G_v p_emotion)] + CE(domain)
 * </pre>
 * G_a and G_v sum the discrete class probabilities into the groups (neutral: mid / neutral,
 * happy: high / positive, angry: high / negative, sad: low / negative), holding the discrete head
 * consistent with the dimensional labels. The domain term trains the tagging head only (the
 * model stops its gradient).
 *
 * @param arousalWeight a
 * @param valenceWeight v
 * @param groupWeight   g
 */
public record GroupLoss(float arousalWeight, float valenceWeight, float groupWeight) {
    private static final float[] AROUSAL_OF_CLASS = {0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0}; // rows: neutral(mid) happy(high) angry(high) sad(low)
    private static final float[] VALENCE_OF_CLASS = {0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0}; // neutral(neutral) happy(positive) angry(negative) sad(negative)

    /** Discrete cross-entropy only (the SPSL and MPSL variants). */
    public static GroupLoss singleLoss() {
        return new GroupLoss(0, 0, 0);
    }

    /** The weights used for MPGL. */
    public static GroupLoss defaults() {
        return new GroupLoss(0.5f, 0.5f, 0.5f);
    }

    /**
     * @param outputs logits: emotion [B, 4], arousal [B, 3], valence [B, 3], domain [B, D]
     * @param targets emotion, arousal, valence, domain as int32 [B] with -1 where unknown
     */
    public NDArray compute(NDList outputs, NDArray[] targets) {
        NDManager m = outputs.get(0).getManager();
        NDArray loss = maskedCrossEntropy(outputs.get(0).logSoftmax(1), targets[0])
                .add(maskedCrossEntropy(outputs.get(3).logSoftmax(1), targets[3]));
        if (arousalWeight > 0) {
            loss = loss.add(maskedCrossEntropy(outputs.get(1).logSoftmax(1), targets[1]).mul(arousalWeight));
        }
        if (valenceWeight > 0) {
            loss = loss.add(maskedCrossEntropy(outputs.get(2).logSoftmax(1), targets[2]).mul(valenceWeight));
        }
        if (groupWeight > 0) {
            NDArray p = outputs.get(0).softmax(1);
            NDArray ga = m.create(AROUSAL_OF_CLASS, new ai.djl.ndarray.types.Shape(4, 3));
            NDArray gv = m.create(VALENCE_OF_CLASS, new ai.djl.ndarray.types.Shape(4, 3));
            NDArray arousalFromEmotion = p.matMul(ga).clip(1e-7f, 1f).log();
            NDArray valenceFromEmotion = p.matMul(gv).clip(1e-7f, 1f).log();
            loss = loss.add(maskedCrossEntropy(arousalFromEmotion, targets[1]).add(maskedCrossEntropy(valenceFromEmotion, targets[2])).mul(groupWeight));
        }
        return loss;
    }

    /** Mean of -log p[target] over the rows whose target is known (not -1); 0 when none is. */
    static NDArray maskedCrossEntropy(NDArray logProbabilities, NDArray targets) {
        NDArray known = targets.gte(0);
        NDArray safe = targets.maximum(0);
        NDArray picked = logProbabilities.mul(safe.oneHot((int) logProbabilities.getShape().get(1))).sum(new int[]{1});
        NDArray mask = known.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray count = mask.sum().maximum(1f);
        return picked.mul(mask).sum().neg().div(count);
    }
}
