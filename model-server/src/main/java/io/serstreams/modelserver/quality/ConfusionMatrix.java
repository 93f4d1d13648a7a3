package io.serstreams.modelserver.quality;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Counts of (true class, predicted class) pairs over K named classes, and the metrics derived from
 * them. Undefined ratios are empty optionals rather than NaN, so nothing downstream averages a NaN.
 */
public final class ConfusionMatrix {
    private final List<String> classNames;
    private final int[][] counts;
    private final int[] support;
    private final int[] predicted;
    private final int total;

    private ConfusionMatrix(List<String> classNames, int[][] counts) {
        this.classNames = classNames;
        this.counts = counts;
        int k = classNames.size();
        this.support = new int[k];
        this.predicted = new int[k];
        int sum = 0;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                support[t] += counts[t][p];
                predicted[p] += counts[t][p];
                sum += counts[t][p];
            }
        }
        this.total = sum;
    }

    /**
     * Builds the matrix from parallel arrays of true and predicted class indices.
     *
     * @throws IllegalArgumentException if the names are empty or repeated, the arrays differ in
     *     length or are empty, or an index is outside {@code [0, K)}
     */
    public static ConfusionMatrix of(List<String> classNames, int[] truth, int[] predictions) {
        if (classNames == null || classNames.isEmpty()) {
            throw new IllegalArgumentException("at least one class name is needed");
        }
        if (new HashSet<>(classNames).size() != classNames.size()) {
            throw new IllegalArgumentException("class names must be distinct: " + classNames);
        }
        if (truth == null || predictions == null) {
            throw new IllegalArgumentException("true and predicted indices must not be null");
        }
        if (truth.length != predictions.length) {
            throw new IllegalArgumentException("true and predicted indices differ in length: "
                    + truth.length + " true, " + predictions.length + " predicted");
        }
        // An empty evaluation set has no accuracy at all; failing here beats a silent 0 in a report.
        if (truth.length == 0) {
            throw new IllegalArgumentException("no samples: a confusion matrix needs at least one");
        }
        int k = classNames.size();
        int[][] counts = new int[k][k];
        for (int i = 0; i < truth.length; i++) {
            checkIndex("true", i, truth[i], k);
            checkIndex("predicted", i, predictions[i], k);
            counts[truth[i]][predictions[i]]++;
        }
        return new ConfusionMatrix(List.copyOf(classNames), counts);
    }

    private static void checkIndex(String what, int sample, int index, int k) {
        if (index < 0 || index >= k) {
            throw new IllegalArgumentException(what + " class index " + index + " of sample " + sample
                    + " is out of range [0, " + k + ")");
        }
    }

    /** The class names, in index order. */
    public List<String> classNames() {
        return classNames;
    }

    /** Number of classes K. */
    public int size() {
        return classNames.size();
    }

    /** Number of samples whose true class is {@code trueClass} and predicted class is {@code predictedClass}. */
    public int count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    /** Number of samples counted. */
    public int total() {
        return total;
    }

    /** Number of samples whose true class is {@code c}. */
    public int support(int c) {
        return support[c];
    }

    /** Number of samples predicted as {@code c}. */
    public int predictedCount(int c) {
        return predicted[c];
    }

    /** Precision of class {@code c}; empty when nothing was predicted as {@code c}. */
    public OptionalDouble precision(int c) {
        return ratio(counts[c][c], predicted[c]);
    }

    /** Recall of class {@code c}; empty when no sample is truly {@code c}. */
    public OptionalDouble recall(int c) {
        return ratio(counts[c][c], support[c]);
    }

    /**
     * F1 of class {@code c}: empty when the class is neither present nor predicted; 0 when it has no
     * true positive (present but never predicted, or predicted but never present).
     */
    public OptionalDouble f1(int c) {
        if (support[c] == 0 && predicted[c] == 0) {
            return OptionalDouble.empty();
        }
        // 2TP / (2TP + FP + FN) equals the harmonic mean and needs no special case for TP = 0.
        return OptionalDouble.of(2.0 * counts[c][c] / (support[c] + predicted[c]));
    }

    /** Unweighted mean of the defined per-class F1 values (classes absent on both sides are left out). */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < size(); c++) {
            OptionalDouble f1 = f1(c);
            if (f1.isPresent()) {
                sum += f1.getAsDouble();
                n++;
            }
        }
        return sum / n; // n >= 1: the matrix has at least one sample, so some class is present
    }

    /** Unweighted accuracy: mean recall over the classes that have true samples. */
    public double unweightedAccuracy() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < size(); c++) {
            if (support[c] > 0) {
                sum += recall(c).getAsDouble();
                n++;
            }
        }
        return sum / n;
    }

    /** Weighted accuracy: the fraction of all samples classified correctly. */
    public double weightedAccuracy() {
        int correct = 0;
        for (int c = 0; c < size(); c++) {
            correct += counts[c][c];
        }
        return (double) correct / total;
    }

    /** Equal when the class names and every count are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ConfusionMatrix m && classNames.equals(m.classNames) && Arrays.deepEquals(counts, m.counts);
    }

    @Override
    public int hashCode() {
        return 31 * classNames.hashCode() + Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + classNames + Arrays.deepToString(counts);
    }

    private static OptionalDouble ratio(int numerator, int denominator) {
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) numerator / denominator);
    }
}
