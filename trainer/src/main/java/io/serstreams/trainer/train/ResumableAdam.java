package io.serstreams.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.PairList;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (beta1 0.9, beta2 0.999, epsilon 1e-8, fixed learning rate) whose moments and step counts
 * can be read out and put back, so a run resumed from a checkpoint continues exactly where it
 * stopped. DJL's own Adam keeps that state private and keyed by parameter ids that are random per
 * process; here it is exported by parameter name. Some parameters may learn at a scaled rate
 * ({@link #scaling}): fine-tuned pre-trained layers at a fraction of the rest's. An optional L2
 * penalty (weight decay) is added to each gradient before the moments, as in plain Adam with L2:
 * over a frozen encoder's vectors the heads otherwise fit the training speakers far too closely.
 */
public final class ResumableAdam extends Optimizer {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final float learningRate;
    private final float weightDecay;
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();
    private final Map<String, Float> rates = new HashMap<>();

    /** One parameter's optimiser state: updates applied, first and second moments. */
    public record Moments(int updates, float[] mean, float[] variance) {
    }

    public ResumableAdam(float learningRate) {
        this(learningRate, 0f);
    }

    /** Adam at {@code learningRate} with an L2 penalty of {@code weightDecay} on every parameter. */
    public ResumableAdam(float learningRate, float weightDecay) {
        super(new Builder());
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
    }

    /** Gives {@code parameters} the learning rate times {@code factor}; the others keep the learning rate. */
    public ResumableAdam scaling(Iterable<Parameter> parameters, float factor) {
        for (Parameter p : parameters) {
            rates.put(p.getId(), learningRate * factor);
        }
        return this;
    }

    /** The learning rate the parameter of this id is updated with. */
    public float rateOf(String parameterId) {
        return rates.getOrDefault(parameterId, learningRate);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = steps.merge(parameterId, 1, Integer::sum);
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float rate = rateOf(parameterId);
        float biasCorrected = (float) (rate * Math.sqrt(coef2) / coef1);
        NDArray mean = means.computeIfAbsent(parameterId, k -> weight.zerosLike());
        NDArray variance = variances.computeIfAbsent(parameterId, k -> weight.zerosLike());
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, mean, variance), new NDList(weight), rate, biasCorrected,
                weightDecay, rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, false);
    }

    /** The state of every parameter updated so far, by parameter name. */
    public Map<String, Moments> state(PairList<String, Parameter> parameters) {
        Map<String, Moments> state = new LinkedHashMap<>();
        for (var entry : parameters) {
            String id = entry.getValue().getId();
            if (steps.containsKey(id)) {
                state.put(entry.getKey(), new Moments(steps.get(id), means.get(id).toFloatArray(), variances.get(id).toFloatArray()));
            }
        }
        return state;
    }

    /** Puts back state read by {@link #state}; names must match this model's parameters. */
    public void restore(PairList<String, Parameter> parameters, Map<String, Moments> state) {
        for (var entry : parameters) {
            Moments moments = state.get(entry.getKey());
            if (moments == null) {
                continue;
            }
            NDArray weight = entry.getValue().getArray();
            String id = entry.getValue().getId();
            steps.put(id, moments.updates());
            means.put(id, weight.getManager().create(moments.mean(), weight.getShape()));
            variances.put(id, weight.getManager().create(moments.variance(), weight.getShape()));
        }
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
