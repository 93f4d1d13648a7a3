package io.serstreams.modelserver.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A small, explicit way to write ONNX graphs from Java: typed inputs and outputs with symbolic
 * dimensions, float and int64 initializers, and nodes of any standard operator. Used to export
 * models and to build test models; it checks nothing an ONNX Runtime session would not.
 */
public final class OnnxGraphBuilder {
    /** The default-domain opset the graphs target. ONNX Runtime 1.29 runs it. */
    public static final int OPSET = 17;
    private static final int IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int unique;

    public OnnxGraphBuilder(String name) {
        graph.setName(name);
    }

    /** A float input; {@code null} or a string in {@code dims} is a symbolic (dynamic) dimension. */
    public String floatInput(String name, Object... dims) {
        graph.addInput(valueInfo(name, TensorProto.DataType.FLOAT, dims));
        return name;
    }

    /** Declares {@code name} (a node's result) as a float graph output. */
    public String floatOutput(String name, Object... dims) {
        graph.addOutput(valueInfo(name, TensorProto.DataType.FLOAT, dims));
        return name;
    }

    /** A float initializer of the given shape, values row-major. */
    public String floats(String name, float[] values, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values do not fill shape " + java.util.Arrays.toString(dims));
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addAllDims(box(dims)).setRawData(ByteString.copyFrom(raw.array())).build());
        return name;
    }

    /** A one-dimensional int64 initializer (axes, shapes, pads...). */
    public String longs(String name, long... values) {
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length).addAllInt64Data(box(values)).build());
        return name;
    }

    /** A scalar float initializer. */
    public String scalar(String name, float value) {
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addFloatData(value).build());
        return name;
    }

    /** Adds a node with one output, named after the operator unless {@code output} is given; returns the output. */
    public String node(String op, List<String> inputs, String output, Attribute... attributes) {
        String out = output != null ? output : op.toLowerCase(java.util.Locale.ROOT) + "_" + (unique++);
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(out + "_node").addAllInput(inputs).addOutput(out);
        for (Attribute a : attributes) {
            node.addAttribute(a.proto());
        }
        graph.addNode(node);
        return out;
    }

    /** Adds a node with several outputs (an empty name skips an optional output). */
    public List<String> nodeWithOutputs(String op, List<String> inputs, List<String> outputs, Attribute... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(op.toLowerCase(java.util.Locale.ROOT) + "_" + (unique++) + "_node")
                .addAllInput(inputs).addAllOutput(outputs);
        for (Attribute a : attributes) {
            node.addAttribute(a.proto());
        }
        graph.addNode(node);
        return outputs;
    }

    public String node(String op, List<String> inputs, Attribute... attributes) {
        return node(op, inputs, null, attributes);
    }

    /** The finished model. */
    public ModelProto build(String producer) {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(producer)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
    }

    /** A node attribute. */
    public record Attribute(AttributeProto proto) {
        public static Attribute of(String name, long value) {
            return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build());
        }

        public static Attribute of(String name, float value) {
            return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build());
        }

        public static Attribute of(String name, String value) {
            return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                    .setS(ByteString.copyFromUtf8(value)).build());
        }

        public static Attribute ints(String name, long... values) {
            return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS).addAllInts(box(values)).build());
        }
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Number n) {
                dim.setDimValue(n.longValue());
            } else {
                dim.setDimParam(d == null ? "?" : d.toString());
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    private static List<Long> box(long... values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
