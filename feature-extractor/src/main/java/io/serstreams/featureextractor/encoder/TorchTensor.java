package io.serstreams.featureextractor.encoder;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of a checkpoint as float values in row-major (C) order, whatever the storage's strides
 * were. Integer tensors (BatchNorm's counters) are converted, exactly: the reader refuses values a
 * float cannot hold.
 *
 * @param storedAs the element type in the checkpoint
 * @param shape    the dimensions
 * @param values   {@code shape.numel()} values, row-major; copied in and out, see {@link #asBuffer()}
 */
public record TorchTensor(TorchDtype storedAs, TensorShape shape, float[] values) {
    public TorchTensor {
        Objects.requireNonNull(storedAs, "storedAs");
        Objects.requireNonNull(shape, "shape");
        if (values.length != shape.numel()) {
            throw new IllegalArgumentException(values.length + " values for shape " + shape);
        }
        values = values.clone();
    }

    /** A copy of the values. */
    @Override
    public float[] values() {
        return values.clone();
    }

    /** The values without copying, read-only. */
    public FloatBuffer asBuffer() {
        return FloatBuffer.wrap(values).asReadOnlyBuffer();
    }

    public float get(int index) {
        return values[index];
    }

    public int numel() {
        return values.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TorchTensor t && storedAs == t.storedAs && shape.equals(t.shape) && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(storedAs, shape, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "TorchTensor[" + storedAs + " " + shape + "]";
    }
}
