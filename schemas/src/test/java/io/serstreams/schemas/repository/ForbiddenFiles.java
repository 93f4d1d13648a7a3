package io.serstreams.schemas.repository;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the repository must not hold: the project ships only what it wrote or trained itself, so any
 * audio (corpus clips, recordings) and any model weights other than the project's own bundles under
 * {@code models/} are refused. Files are judged by their name and by their first bytes, so a
 * renamed recording is caught too.
 */
final class ForbiddenFiles {
    private static final Set<String> AUDIO = Set.of("wav", "wave", "flac", "mp3", "ogg", "oga", "opus", "m4a", "aac", "au", "snd", "aif", "aiff",
            "aifc", "raw", "pcm", "sph", "wma", "amr", "caf", "mka", "webm", "mp4", "spx", "ulaw", "alaw", "vox");
    private static final Set<String> WEIGHTS = Set.of("pt", "pth", "ckpt", "onnx", "safetensors", "h5", "hdf5", "pb", "tflite", "npy", "npz", "gguf",
            "params", "bin", "pkl", "joblib", "mar", "caffemodel");
    /** Where the project's own model bundles live; weights elsewhere are third-party or strays. */
    private static final String OWN_MODELS = "models/";

    private ForbiddenFiles() {
    }

    /** Why the tracked file at {@code path} (relative to the repository root, '/'-separated) must go, or empty when it may stay. */
    static Optional<String> reason(String path, byte[] head) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        if (AUDIO.contains(extension)) {
            return Optional.of("audio file (." + extension + ")");
        }
        Optional<String> format = audioFormat(head);
        if (format.isPresent()) {
            return Optional.of("audio content (" + format.get() + ") under another name");
        }
        if (WEIGHTS.contains(extension) && !(extension.equals("onnx") && path.startsWith(OWN_MODELS))) {
            return Optional.of("model weights (." + extension + ")" + (extension.equals("onnx") ? " outside " + OWN_MODELS : ""));
        }
        return Optional.empty();
    }

    private static Optional<String> audioFormat(byte[] head) {
        if (startsWith(head, 0, "RIFF") && startsWith(head, 8, "WAVE")) {
            return Optional.of("RIFF WAVE");
        }
        if (startsWith(head, 0, "FORM") && (startsWith(head, 8, "AIFF") || startsWith(head, 8, "AIFC"))) {
            return Optional.of("AIFF");
        }
        if (startsWith(head, 0, "fLaC")) {
            return Optional.of("FLAC");
        }
        if (startsWith(head, 0, "OggS")) {
            return Optional.of("Ogg");
        }
        if (startsWith(head, 0, "ID3") || head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0 && (head[1] & 0x06) != 0) {
            return Optional.of("MPEG audio");
        }
        if (startsWith(head, 0, ".snd")) {
            return Optional.of("Sun/NeXT audio");
        }
        if (startsWith(head, 0, "NIST_1A")) {
            return Optional.of("NIST SPHERE");
        }
        if (startsWith(head, 4, "ftypM4A")) {
            return Optional.of("MPEG-4 audio");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] head, int at, String magic) {
        byte[] bytes = magic.getBytes(StandardCharsets.US_ASCII);
        return head.length >= at + bytes.length && Arrays.equals(head, at, at + bytes.length, bytes, 0, bytes.length);
    }
}
