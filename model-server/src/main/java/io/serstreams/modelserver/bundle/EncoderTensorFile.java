package io.serstreams.modelserver.bundle;

import io.serstreams.featureextractor.encoder.TensorShape;
import io.serstreams.featureextractor.encoder.TorchDtype;
import io.serstreams.featureextractor.encoder.TorchTensor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encoder tensors by state-dict key ({@code features.15.block.0.0.weight}), float32: the ones a
 * fine-tuned bundle changes in the referenced encoder. The {@code .bin} name keeps such a file out
 * of the repository (weights are refused anywhere but as {@code .onnx} under {@code models/}).
 */
public final class EncoderTensorFile {
    /** The file's name in a bundle. */
    public static final String FILE = "encoder-fine-tuned.bin";
    private static final int MAGIC = 0x53455254; // "SERT"
    private static final int VERSION = 1;

    private EncoderTensorFile() {
    }

    /** Writes {@code tensors} to {@code file}. */
    public static void write(Path file, Map<String, TorchTensor> tensors) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(tensors.size());
            for (var entry : tensors.entrySet()) {
                out.writeUTF(entry.getKey());
                int[] dims = entry.getValue().shape().dims();
                out.writeInt(dims.length);
                for (int d : dims) {
                    out.writeInt(d);
                }
                for (float v : entry.getValue().values()) {
                    out.writeFloat(v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The tensors written by {@link #write}.
     *
     * @throws BundleException naming the file when it is missing, truncated or not such a file
     */
    public static Map<String, TorchTensor> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BundleException(file + ": the fine-tuned encoder tensors the manifest names are missing");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new BundleException(file + " is not a version " + VERSION + " SER Streams encoder tensor file");
            }
            int count = in.readInt();
            Map<String, TorchTensor> tensors = new LinkedHashMap<>();
            for (int n = 0; n < count; n++) {
                String key = in.readUTF();
                int[] dims = new int[in.readInt()];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = in.readInt();
                }
                TensorShape shape = TensorShape.of(dims);
                float[] values = new float[Math.toIntExact(shape.numel())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readFloat();
                }
                tensors.put(key, new TorchTensor(TorchDtype.FLOAT32, shape, values));
            }
            return tensors;
        } catch (EOFException e) {
            throw new BundleException(file + " is truncated");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code release} with {@code changed} laid over it: every changed key must be in the release
     * with the same shape.
     *
     * @throws BundleException naming the first key that does not fit
     */
    public static Map<String, TorchTensor> overlay(Map<String, TorchTensor> release, Map<String, TorchTensor> changed, String source) {
        Map<String, TorchTensor> merged = new LinkedHashMap<>(release);
        for (var entry : changed.entrySet()) {
            TorchTensor original = release.get(entry.getKey());
            if (original == null || !original.shape().equals(entry.getValue().shape())) {
                throw new BundleException(source + ": fine-tuned tensor " + entry.getKey() + " " + entry.getValue().shape() + " is not in the encoder"
                        + (original == null ? "" : " with that shape (it is " + original.shape() + ")"));
            }
            merged.put(entry.getKey(), entry.getValue());
        }
        return merged;
    }
}
