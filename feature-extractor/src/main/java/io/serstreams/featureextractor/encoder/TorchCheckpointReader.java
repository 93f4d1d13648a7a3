package io.serstreams.featureextractor.encoder;

import net.razorvine.pickle.PickleException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a PyTorch checkpoint in its ZIP format (what {@code torch.save} writes since 1.6): the
 * pickled state dict in {@code <folder>/data.pkl}, its tensors' bytes in {@code <folder>/data/<N>}.
 * Only a state dict, a dict of tensor name to float32 or int64 tensor, is accepted.
 */
public final class TorchCheckpointReader {
    private static final String PICKLE = "data.pkl";

    private TorchCheckpointReader() {
    }

    /**
     * The checkpoint's tensors by key, in the checkpoint's order; unmodifiable.
     *
     * @throws EncoderException naming the file and the problem when it is not such a checkpoint
     */
    public static Map<String, TorchTensor> read(Path file) {
        if (!Files.exists(file)) {
            throw new EncoderException(file + ": no such file");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pickle = pickleEntry(zip, file);
            String folder = pickle.getName().substring(0, pickle.getName().length() - PICKLE.length());
            Object top;
            try (InputStream in = zip.getInputStream(pickle)) {
                top = new StateDictUnpickler(zip, folder, file.toString()).load(in);
            }
            return stateDict(top, file);
        } catch (ZipException e) {
            throw new EncoderException(file + ": not a PyTorch checkpoint (not a ZIP archive; the format before PyTorch 1.6 is not read)", e);
        } catch (NoSuchFileException e) {
            throw new EncoderException(file + ": no such file", e);
        } catch (PickleException | ClassCastException e) {
            throw new EncoderException(file + ": data.pkl cannot be read: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new EncoderException("cannot read " + file + ": " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new EncoderException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static ZipEntry pickleEntry(ZipFile zip, Path file) {
        List<? extends ZipEntry> pickles = zip.stream()
                .filter(e -> e.getName().endsWith("/" + PICKLE) && e.getName().indexOf('/') == e.getName().length() - PICKLE.length() - 1)
                .toList();
        if (pickles.size() != 1) {
            throw new EncoderException(file + ": not a PyTorch checkpoint (" + (pickles.isEmpty() ? "no" : pickles.size())
                    + " FOLDER/" + PICKLE + " entries, expected one)");
        }
        return pickles.get(0);
    }

    private static Map<String, TorchTensor> stateDict(Object top, Path file) {
        if (!(top instanceof Map<?, ?> dict)) {
            throw new EncoderException(file + ": data.pkl holds a " + StateDictUnpickler.typeOf(top) + ", not a state dict of tensors");
        }
        Map<String, TorchTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : dict.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new EncoderException(file + ": data.pkl has a key that is not a string: " + entry.getKey());
            }
            if (!(entry.getValue() instanceof TorchTensor tensor)) {
                throw new EncoderException(file + ": " + key + " is a " + StateDictUnpickler.typeOf(entry.getValue()) + ", not a tensor");
            }
            tensors.put(key, tensor);
        }
        return Collections.unmodifiableMap(tensors);
    }
}
