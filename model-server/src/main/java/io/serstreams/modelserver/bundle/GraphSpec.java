package io.serstreams.modelserver.bundle;

import java.util.Map;

/**
 * One ONNX graph of a bundle: its file, and its inputs and outputs by role (the role is what the
 * engine feeds or reads; the spec names the tensor in the graph, so graphs with other tensor
 * names, the official VGGish among them, plug in through the manifest).
 */
public record GraphSpec(String file, Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {

    public GraphSpec {
        inputs = Map.copyOf(inputs);
        outputs = Map.copyOf(outputs);
    }
}
