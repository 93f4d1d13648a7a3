package io.serstreams.featureextractor.encoder;

import net.razorvine.pickle.IObjectPickler;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.Pickler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes small checkpoints in PyTorch's ZIP format for tests: {@code archive/data.pkl} pickled (protocol 2)
 * with Pyrolite's {@link Pickler} as {@code torch.save} does, and one stored entry per storage.
 */
final class TorchCheckpointWriter {
    /** A tensor as {@code _rebuild_tensor_v2} rebuilds it: a view of storage {@code storage}. */
    record View(String storage, TorchDtype dtype, long storageNumel, int offset, int[] size, int[] stride) {
        static View contiguous(String storage, TorchDtype dtype, int... size) {
            int[] stride = new int[size.length];
            int step = 1;
            for (int axis = size.length - 1; axis >= 0; axis--) {
                stride[axis] = step;
                step *= size[axis];
            }
            return new View(storage, dtype, step, 0, size, stride);
        }
    }

    private record StorageRef(String key, TorchDtype dtype, long numel) {
    }

    private record StorageClass(TorchDtype dtype) {
    }

    private record EmptyOrderedDict() {
    }

    /** What {@code torch.save(module.state_dict())} pickles: an OrderedDict whose instance state carries {@code _metadata}. */
    record ModuleStateDict(Map<String, View> tensors) {
    }

    static {
        Pickler.registerCustomPickler(View.class, (IObjectPickler) (o, out, pickler) -> {
            View view = (View) o;
            global(out, "torch._utils", "_rebuild_tensor_v2");
            pickler.save(new Object[]{new StorageRef(view.storage(), view.dtype(), view.storageNumel()), view.offset(), boxed(view.size()),
                    boxed(view.stride()), false, new EmptyOrderedDict()});
            out.write(Opcodes.REDUCE);
        });
        Pickler.registerCustomPickler(StorageClass.class, (IObjectPickler) (o, out, pickler) ->
                global(out, "torch", ((StorageClass) o).dtype().storageClass()));
        Pickler.registerCustomPickler(EmptyOrderedDict.class, (IObjectPickler) (o, out, pickler) -> {
            global(out, "collections", "OrderedDict");
            out.write(Opcodes.EMPTY_TUPLE);
            out.write(Opcodes.REDUCE);
        });
    }

    static {
        Pickler.registerCustomPickler(ModuleStateDict.class, (IObjectPickler) (o, out, pickler) -> {
            global(out, "collections", "OrderedDict");
            out.write(Opcodes.EMPTY_TUPLE);
            out.write(Opcodes.REDUCE);
            out.write(Opcodes.MARK);
            for (Map.Entry<String, View> tensor : ((ModuleStateDict) o).tensors().entrySet()) {
                pickler.save(tensor.getKey());
                pickler.save(tensor.getValue());
            }
            out.write(Opcodes.SETITEMS);
            pickler.save(Map.of("_metadata", Map.of("", Map.of("version", 1))));
            out.write(Opcodes.BUILD);
        });
    }

    private TorchCheckpointWriter() {
    }

    /** Writes {@code tensors} (key to view) with the storages' bytes; a storage missing from {@code storages} gets no entry. */
    static void write(Path file, Map<String, View> tensors, Map<String, byte[]> storages) throws IOException {
        Files.write(file, zip(pickle(new LinkedHashMap<>(tensors)), storages));
    }

    static byte[] pickle(Object top) throws IOException {
        Pickler pickler = new Pickler() {
            @Override
            protected Object persistentId(Object obj) {
                return obj instanceof StorageRef ref ? new Object[]{"storage", new StorageClass(ref.dtype()), ref.key(), "cpu", ref.numel()} : null;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pickler.dump(top, out);
        return out.toByteArray();
    }

    static byte[] zip(byte[] pickle, Map<String, byte[]> storages) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, "archive/data.pkl", pickle);
            stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, byte[]> storage : storages.entrySet()) {
                stored(zip, "archive/data/" + storage.getKey(), storage.getValue());
            }
        }
        return bytes.toByteArray();
    }

    static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    static byte[] longs(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            buffer.putLong(v);
        }
        return buffer.array();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    private static void global(OutputStream out, String module, String name) throws IOException {
        out.write(Opcodes.GLOBAL);
        out.write((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static Object[] boxed(int[] values) {
        return Arrays.stream(values).boxed().toArray();
    }
}
