package io.serstreams.featureextractor.encoder;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A tensor's dimensions, outermost first; no dimensions for a scalar.
 *
 * @param dims the sizes, each at least 0
 */
public record TensorShape(int[] dims) {
    public TensorShape {
        dims = dims.clone();
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            }
        }
    }

    public static TensorShape of(int... dims) {
        return new TensorShape(dims);
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        return dims[axis];
    }

    /** The number of elements (1 for a scalar). */
    public long numel() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorShape shape && Arrays.equals(dims, shape.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** As {@code STATE_DICT.tsv} writes it: {@code 8x1x3x3}, or {@code scalar}. */
    @Override
    public String toString() {
        return dims.length == 0 ? "scalar" : Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }
}
