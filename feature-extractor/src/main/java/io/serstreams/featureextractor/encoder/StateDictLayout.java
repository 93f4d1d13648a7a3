package io.serstreams.featureextractor.encoder;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tensors a network's state dict must hold: every key with its shape and element type, in
 * state-dict order. {@link #check} is strict: a checkpoint with a tensor missing, one too many, or
 * one of another shape or type is refused, naming the first such key.
 *
 * @param network the network's name, for messages
 * @param entries the expected tensors, in order
 */
public record StateDictLayout(String network, List<Entry> entries) {

    /** One expected tensor. */
    public record Entry(String key, TensorShape shape, TorchDtype dtype) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(dtype, "dtype");
        }
    }

    public StateDictLayout {
        Objects.requireNonNull(network, "network");
        entries = List.copyOf(entries);
        Set<String> keys = new HashSet<>();
        for (Entry entry : entries) {
            if (!keys.add(entry.key())) {
                throw new IllegalArgumentException("duplicate key " + entry.key());
            }
        }
    }

    /** The same layout with one entry's shape replaced. */
    public StateDictLayout withShape(String key, TensorShape shape) {
        if (entries.stream().noneMatch(e -> e.key().equals(key))) {
            throw new IllegalArgumentException("no key " + key);
        }
        return new StateDictLayout(network, entries.stream().map(e -> e.key().equals(key) ? new Entry(key, shape, e.dtype()) : e).toList());
    }

    /** The number of elements of all tensors of {@code dtype}. */
    public long numel(TorchDtype dtype) {
        return entries.stream().filter(e -> e.dtype() == dtype).mapToLong(e -> e.shape().numel()).sum();
    }

    /**
     * Refuses {@code tensors} unless they are exactly this layout's (order aside).
     *
     * @param source the checkpoint's name, for the message
     * @throws EncoderException naming the first missing (in layout order), mis-shaped or mistyped, then unexpected (in
     *                          checkpoint order) key
     */
    public void check(Map<String, TorchTensor> tensors, String source) {
        Set<String> expected = entries.stream().map(Entry::key).collect(Collectors.toSet());
        List<String> unexpected = tensors.keySet().stream().filter(k -> !expected.contains(k)).toList();
        for (Entry entry : entries) {
            TorchTensor tensor = tensors.get(entry.key());
            if (tensor == null) {
                String hint = unexpected.isEmpty() ? "" : "; it has " + unexpected.size() + " key(s) " + network + " does not, the first "
                        + unexpected.get(0);
                throw new EncoderException(source + ": not a " + network + " checkpoint: " + entry.key() + " (" + entry.shape() + ") is missing"
                        + hint);
            }
            if (!tensor.shape().equals(entry.shape())) {
                throw new EncoderException(source + ": not a " + network + " checkpoint: " + entry.key() + " has shape " + tensor.shape()
                        + ", " + network + " has " + entry.shape());
            }
            if (tensor.storedAs() != entry.dtype()) {
                throw new EncoderException(source + ": not a " + network + " checkpoint: " + entry.key() + " is " + tensor.storedAs()
                        + ", " + network + " has " + entry.dtype());
            }
        }
        if (!unexpected.isEmpty()) {
            String key = unexpected.get(0);
            throw new EncoderException(source + ": not a " + network + " checkpoint: it has " + key + " (" + tensors.get(key).shape()
                    + "), which " + network + " does not" + (unexpected.size() > 1 ? " (and " + (unexpected.size() - 1) + " more)" : ""));
        }
    }
}
