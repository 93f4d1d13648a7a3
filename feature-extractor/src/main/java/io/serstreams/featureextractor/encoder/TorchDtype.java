package io.serstreams.featureextractor.encoder;

import java.util.Arrays;
import java.util.Optional;

/** The element types a checkpoint's storages may hold, by PyTorch's legacy storage class names. */
public enum TorchDtype {
    FLOAT32("float32", "FloatStorage", 4),
    INT64("int64", "LongStorage", 8);

    private final String label;
    private final String storageClass;
    private final int bytes;

    TorchDtype(String label, String storageClass, int bytes) {
        this.label = label;
        this.storageClass = storageClass;
        this.bytes = bytes;
    }

    /** PyTorch's name, e.g. {@code float32}. */
    public String label() {
        return label;
    }

    /** The class in module {@code torch} that marks a storage of this type in {@code data.pkl}, e.g. {@code FloatStorage}. */
    public String storageClass() {
        return storageClass;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    static Optional<TorchDtype> ofStorageClass(String name) {
        return Arrays.stream(values()).filter(t -> t.storageClass.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return label;
    }
}
