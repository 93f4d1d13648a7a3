package io.serstreams.featureextractor.encoder;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpickles a checkpoint's {@code data.pkl}: tensors rebuilt from the archive's raw storages.
 * Only the few globals a state dict uses are resolved; any other one is refused rather than
 * turned into a generic object. Dicts keep their pickled order (the state dict's order).
 */
final class StateDictUnpickler extends Unpickler {
    private static final String REBUILD_TENSOR = "torch._utils._rebuild_tensor_v2";
    private static final String ORDERED_DICT = "collections.OrderedDict";

    private final ZipFile zip;
    private final String folder;
    private final String source;
    private final Map<String, Storage> storages = new HashMap<>();

    /**
     * @param zip    the checkpoint archive
     * @param folder the archive's top folder with a trailing slash, e.g. {@code archive/}
     * @param source the checkpoint's name for messages
     */
    StateDictUnpickler(ZipFile zip, String folder, String source) {
        this.zip = zip;
        this.folder = folder;
        this.source = source;
    }

    /** One storage: raw little-endian elements of one type. */
    record Storage(String entry, TorchDtype dtype, long numel, ByteBuffer data) {
    }

    @Override
    protected Object dispatch(short opcode) throws IOException {
        switch (opcode) {
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.SETITEMS -> setItemsInOrder();
            case Opcodes.BUILD -> build();
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(global(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                String name = (String) stack.pop();
                String module = (String) stack.pop();
                stack.add(global(module, name));
            }
            default -> {
                return super.dispatch(opcode);
            }
        }
        return NO_RETURN_VALUE;
    }

    // Unpickler's own SETITEMS goes through a HashMap and would lose the state dict's order.
    @SuppressWarnings("unchecked")
    private void setItemsInOrder() {
        List<Object> items = stack.pop_all_since_marker();
        Map<Object, Object> dict = (Map<Object, Object>) stack.peek();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            dict.put(items.get(i), items.get(i + 1));
        }
    }

    // A state dict saved from a module carries `_metadata` (module versions) as its instance state: not a tensor, not needed.
    private void build() {
        Object state = stack.pop();
        Object target = stack.peek();
        if (!(target instanceof Map) || !(state instanceof Map)) {
            throw new EncoderException(source + ": data.pkl sets the state of a " + typeOf(target) + ", which a state dict does not contain");
        }
    }

    private Object global(String module, String name) {
        String qualified = module + "." + name;
        if (qualified.equals(REBUILD_TENSOR)) {
            return (IObjectConstructor) this::rebuildTensor;
        }
        if (qualified.equals(ORDERED_DICT)) {
            return (IObjectConstructor) args -> new LinkedHashMap<>();
        }
        if (module.equals("torch") && name.endsWith("Storage")) {
            return TorchDtype.ofStorageClass(name).orElseThrow(() -> new EncoderException(source + ": data.pkl has tensors of type torch."
                    + name + "; only FloatStorage (float32) and LongStorage (int64) are supported"));
        }
        throw new EncoderException(source + ": data.pkl refers to " + qualified + ", which a state dict of tensors does not contain");
    }

    /** The persistent id {@code ('storage', <storage class>, '<key>', '<location>', numel)}. */
    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] id) || id.length < 5 || !"storage".equals(id[0]) || !(id[1] instanceof TorchDtype dtype)
                || !(id[2] instanceof String key) || !(id[4] instanceof Number numel)) {
            throw new EncoderException(source + ": data.pkl has a persistent id that is not a tensor storage");
        }
        Storage storage = storages.computeIfAbsent(key, k -> loadStorage(k, dtype, numel.longValue()));
        if (storage.dtype() != dtype || storage.numel() != numel.longValue()) {
            throw new EncoderException(source + ": data.pkl refers to storage " + storage.entry() + " as " + storage.numel() + " "
                    + storage.dtype() + " and as " + numel + " " + dtype + " elements");
        }
        return storage;
    }

    private Storage loadStorage(String key, TorchDtype dtype, long numel) {
        String name = folder + "data/" + key;
        ZipEntry entry = key.contains("/") ? null : zip.getEntry(name);
        if (entry == null) {
            throw new EncoderException(source + ": data.pkl refers to storage " + name + ", which the archive lacks");
        }
        long expected = numel * dtype.bytes();
        if (numel < 0 || entry.getSize() != expected) {
            throw new EncoderException(source + ": " + name + " holds " + entry.getSize() + " bytes, expected " + numel + " " + dtype
                    + " elements (" + expected + " bytes)");
        }
        if (expected > Integer.MAX_VALUE) {
            throw new EncoderException(source + ": " + name + " is over 2 GB, too large to read");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length != expected) {
                throw new EncoderException(source + ": " + name + " is truncated (" + bytes.length + " of " + expected + " bytes)");
            }
            return new Storage(name, dtype, numel, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof Storage storage) || !(args[1] instanceof Number offset)
                || !(args[2] instanceof Object[] size) || !(args[3] instanceof Object[] stride) || size.length != stride.length) {
            throw new EncoderException(source + ": data.pkl rebuilds a tensor from arguments that are not (storage, offset, size, stride, ...)");
        }
        int[] dims = new int[size.length];
        long[] steps = new long[stride.length];
        for (int axis = 0; axis < dims.length; axis++) {
            long dim = asLong(size[axis], storage);
            long step = asLong(stride[axis], storage);
            if (dim < 0 || dim > Integer.MAX_VALUE || step < 0) {
                throw new EncoderException(source + ": tensor over " + storage.entry() + " has size " + dim + " and stride " + step
                        + " on axis " + axis);
            }
            dims[axis] = (int) dim;
            steps[axis] = step;
        }
        TensorShape shape = new TensorShape(dims);
        return new TorchTensor(storage.dtype(), shape, gather(storage, offset.longValue(), shape, steps));
    }

    /** The tensor's elements in row-major order, wherever its offset and strides put them in the storage. */
    private float[] gather(Storage storage, long offset, TensorShape shape, long[] steps) {
        long numel = shape.numel();
        if (numel > Integer.MAX_VALUE - 8) {
            throw new EncoderException(source + ": tensor over " + storage.entry() + " has " + numel + " elements, too many to read");
        }
        float[] values = new float[(int) numel];
        if (numel == 0) {
            return values;
        }
        long last = offset;
        for (int axis = 0; axis < shape.rank(); axis++) {
            last += (shape.dim(axis) - 1L) * steps[axis];
        }
        if (offset < 0 || last >= storage.numel()) {
            throw new EncoderException(source + ": tensor " + shape + " at offset " + offset + " reaches element " + last + " of "
                    + storage.entry() + ", which holds " + storage.numel());
        }
        int rank = shape.rank();
        int[] index = new int[rank];
        long position = offset;
        for (int i = 0; i < values.length; i++) {
            values[i] = element(storage, position);
            // Advance the row-major index like an odometer, moving the storage position by the strides.
            for (int axis = rank - 1; axis >= 0; axis--) {
                if (++index[axis] < shape.dim(axis)) {
                    position += steps[axis];
                    break;
                }
                position -= (shape.dim(axis) - 1L) * steps[axis];
                index[axis] = 0;
            }
        }
        return values;
    }

    private float element(Storage storage, long position) {
        return switch (storage.dtype()) {
            case FLOAT32 -> storage.data().getFloat((int) (position * 4));
            case INT64 -> {
                long value = storage.data().getLong((int) (position * 8));
                float converted = (float) value;
                if ((long) converted != value) {
                    throw new EncoderException(source + ": " + storage.entry() + " holds the int64 " + value + ", which a float cannot hold exactly");
                }
                yield converted;
            }
        };
    }

    private long asLong(Object value, Storage storage) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw new EncoderException(source + ": tensor over " + storage.entry() + " has a size or stride that is not an integer: " + value);
    }

    static String typeOf(Object value) {
        return value == null ? "None" : value instanceof Object[] ? "tuple" : value.getClass().getSimpleName();
    }
}
