package io.serstreams.trainer.eval;

import java.util.Arrays;

/**
 * Area under the ROC curve of a score that should be higher for positives than for negatives: the
 * chance that a random positive scores above a random negative, a tie counting one half (the
 * Mann-Whitney U statistic over the product of the two counts, ties given their mean rank).
 */
public final class Auroc {
    private Auroc() {
    }

    /** The area; fails on an empty side or a score that is not a number. */
    public static double of(double[] positives, double[] negatives) {
        if (positives.length == 0 || negatives.length == 0) {
            throw new IllegalArgumentException("AUROC needs positives and negatives (" + positives.length + " and " + negatives.length + ")");
        }
        int n = positives.length + negatives.length;
        double[][] all = new double[n][];
        for (int i = 0; i < positives.length; i++) {
            all[i] = new double[]{check(positives[i]), 1};
        }
        for (int i = 0; i < negatives.length; i++) {
            all[positives.length + i] = new double[]{check(negatives[i]), 0};
        }
        Arrays.sort(all, (a, b) -> Double.compare(a[0], b[0]));
        double positiveRanks = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end < n && all[end][0] == all[start][0]) {
                end++;
            }
            // Ranks start+1 .. end share their mean.
            double rank = (start + 1 + end) / 2.0;
            for (int i = start; i < end; i++) {
                positiveRanks += all[i][1] * rank;
            }
            start = end;
        }
        double p = positives.length;
        return (positiveRanks - p * (p + 1) / 2) / (p * negatives.length);
    }

    private static double check(double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("AUROC of a score that is not a number");
        }
        return score;
    }
}
