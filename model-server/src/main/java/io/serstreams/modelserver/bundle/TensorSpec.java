package io.serstreams.modelserver.bundle;

import java.util.List;

/**
 * A graph input or output: its name in the ONNX graph and its shape, -1 for a dynamic dimension.
 */
public record TensorSpec(String name, List<Long> shape) {

    public TensorSpec {
        shape = List.copyOf(shape);
    }

    public static TensorSpec of(String name, long... shape) {
        return new TensorSpec(name, java.util.Arrays.stream(shape).boxed().toList());
    }

    /** Whether a graph's actual shape fits this one (-1 on either side matches any size). */
    public boolean accepts(long[] actual) {
        if (actual.length != shape.size()) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            long expected = shape.get(i);
            if (expected >= 0 && actual[i] >= 0 && expected != actual[i]) {
                return false;
            }
        }
        return true;
    }
}
