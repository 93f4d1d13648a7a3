package io.serstreams.modelserver.ort;

import ai.onnxruntime.OrtEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The process's ONNX Runtime environment: every use of ONNX Runtime takes it from here, never from
 * {@link OrtEnvironment#getEnvironment()} directly. The first call loads the native libraries from
 * {@link OrtNativeCache} (set {@value OrtNativeCache#ROOT_PROPERTY} or
 * {@value OrtNativeCache#ROOT_ENV} to move the cache) and creates the environment on a thread
 * whose stack is sized for this process's command line.
 */
public final class OrtRuntime {
    /** ONNX Runtime's own property: the folder it loads its native libraries from. */
    static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";

    // Measured with ONNX Runtime 1.29.0 on linux-x64: creating the environment recurses natively over
    // the process's command line (/proc/self/cmdline), about 257 bytes of stack per byte of it (a 1 MiB
    // stack fails at about 4 KB of command line, 8 MiB at about 32 KB, 120 KB needs 31 MB).
    // Twice that per byte, on top of a base for the rest of the call: the stack is reserved address
    // space, and only the pages the recursion touches become memory. With the default 8 MiB stack limit
    // Linux caps a command line at 2 MiB, which asks for about 1 GiB here.
    static final long STACK_BYTES_PER_COMMAND_LINE_BYTE = 512;
    static final long BASE_STACK_BYTES = 16L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(OrtRuntime.class);
    private static OrtEnvironment environment;

    private OrtRuntime() {
    }

    /** The shared environment, created on first use. Fails with an {@link IllegalStateException} naming the reason when ONNX Runtime cannot start. */
    public static synchronized OrtEnvironment environment() {
        if (environment == null) {
            useNativeCache();
            environment = createOnLargeStack(stackBytes(commandLineBytes()));
            removeOrtTempFolder();
        }
        return environment;
    }

    /** The stack the environment's creation needs, with margin, for a command line of this many bytes. */
    static long stackBytes(long commandLineBytes) {
        return BASE_STACK_BYTES + commandLineBytes * STACK_BYTES_PER_COMMAND_LINE_BYTE;
    }

    private static void useNativeCache() {
        if (System.getProperty(NATIVE_PATH_PROPERTY) != null) {
            return; // the user chose where the libraries are
        }
        Path root = OrtNativeCache.root(System.getProperties(), System.getenv());
        try {
            Optional<Path> folder = new OrtNativeCache(root).prepare(OrtEnvironment.class);
            folder.ifPresent(f -> System.setProperty(NATIVE_PATH_PROPERTY, f.toString()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("ONNX Runtime's native libraries cannot be cached in {} ({}); set {} or -D{} to a writable folder. "
                    + "This run extracts them to a temporary folder", root, e.getMessage(), OrtNativeCache.ROOT_ENV, OrtNativeCache.ROOT_PROPERTY);
        }
    }

    private static OrtEnvironment createOnLargeStack(long stackBytes) {
        CompletableFuture<OrtEnvironment> created = new CompletableFuture<>();
        // Not the calling thread: its stack (1 MiB for main, -Xss for others) is too small for a long command line.
        Thread thread = new Thread(null, () -> {
            try {
                created.complete(OrtEnvironment.getEnvironment());
            } catch (Throwable e) {
                created.completeExceptionally(e);
            }
        }, "onnxruntime-environment", stackBytes);
        thread.setDaemon(true);
        thread.start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return created.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the environment is needed either way; keep the interrupt for the caller
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    throw new IllegalStateException("ONNX Runtime could not start: " + firstLine(cause), cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * ONNX Runtime 1.29 makes an {@code onnxruntime-java*} folder in the temp directory on every start,
     * even when it loads its libraries from {@value #NATIVE_PATH_PROPERTY}, and deletes it only at a
     * normal JVM exit: a killed or crashed run would leave it behind. It is empty once the libraries
     * are loaded from the cache, so it goes now. Its path is a private field; where that cannot be read
     * (another ONNX Runtime version, a module path), the folder is left to ONNX Runtime.
     */
    private static void removeOrtTempFolder() {
        if (System.getProperty(NATIVE_PATH_PROPERTY) == null) {
            return; // the libraries were extracted there and are in use
        }
        try {
            Field field = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("tempDirectory");
            field.setAccessible(true);
            if (field.get(null) instanceof Path folder) {
                Files.deleteIfExists(folder);
            }
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            LOG.debug("ONNX Runtime's temporary folder is left to it: {}", e.toString());
        }
    }

    /** Bytes of this process's command line; 0 where the system does not show it. */
    private static long commandLineBytes() {
        try {
            return Files.readAllBytes(Path.of("/proc/self/cmdline")).length;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
