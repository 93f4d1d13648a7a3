package io.serstreams.modelserver.ort;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * ONNX Runtime's native libraries, extracted once from its jar into a versioned cache folder
 * (for example {@code ~/.cache/ser-streams/onnxruntime/1.29.0-linux-x64}) instead of a new temp
 * folder per run. A cached file is used when its size and CRC-32 match the jar's entry, otherwise
 * it is written again; writes go to a temporary file in the same folder and are renamed into
 * place, so processes that race see either no file or a whole one.
 */
final class OrtNativeCache {
    /** System property naming the cache's root folder. */
    static final String ROOT_PROPERTY = "ser.onnxruntime.cache";
    /** Environment variable naming the cache's root folder (the system property wins). */
    static final String ROOT_ENV = "SER_ONNXRUNTIME_CACHE";

    private static final Logger LOG = LoggerFactory.getLogger(OrtNativeCache.class);
    private static final String NATIVE_PREFIX = "ai/onnxruntime/native/";
    private static final String PARTIAL_SUFFIX = ".part";
    // A partial file this old belongs to a run that died while extracting.
    private static final Duration STALE_PARTIAL = Duration.ofHours(1);

    private final Path root;

    OrtNativeCache(Path root) {
        this.root = root;
    }

    /**
     * The cache root: the {@value #ROOT_PROPERTY} system property, else {@value #ROOT_ENV}, else
     * {@code $XDG_CACHE_HOME/ser-streams/onnxruntime}, else {@code ~/.cache/ser-streams/onnxruntime}.
     */
    static Path root(Properties properties, Map<String, String> environment) {
        String configured = properties.getProperty(ROOT_PROPERTY);
        if (isSet(configured)) {
            return Path.of(configured);
        }
        if (isSet(environment.get(ROOT_ENV))) {
            return Path.of(environment.get(ROOT_ENV));
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        Path base = isSet(xdg) ? Path.of(xdg) : Path.of(properties.getProperty("user.home"), ".cache");
        return base.resolve("ser-streams").resolve("onnxruntime");
    }

    /**
     * Makes sure this platform's libraries from the jar holding {@code ortClass} are in the cache,
     * and returns their folder; empty when that jar carries none for this platform (or the classes
     * do not come from a jar), in which case ONNX Runtime is left to find its libraries itself.
     */
    Optional<Path> prepare(Class<?> ortClass) throws IOException {
        Optional<Path> jarPath = jarOf(ortClass);
        Optional<String> platform = platform();
        if (jarPath.isEmpty() || platform.isEmpty()) {
            return Optional.empty();
        }
        try (JarFile jar = new JarFile(jarPath.get().toFile())) {
            Map<String, JarEntry> libraries = libraries(jar, NATIVE_PREFIX + platform.get() + "/");
            if (libraries.isEmpty()) {
                return Optional.empty();
            }
            Path folder = root.resolve(folderName(jar.getManifest(), platform.get(), List.copyOf(libraries.keySet())));
            Files.createDirectories(folder);
            boolean wrote = false;
            for (Map.Entry<String, JarEntry> library : libraries.entrySet()) {
                Path target = folder.resolve(library.getKey());
                if (!matches(target, library.getValue(), jar)) {
                    if (!wrote) {
                        removeStalePartials(folder);
                    }
                    extract(jar, library.getValue(), target);
                    wrote = true;
                }
            }
            if (wrote) {
                LOG.info("ONNX Runtime's native libraries extracted to {} (once; later runs load them from there)", folder);
            }
            return Optional.of(folder);
        }
    }

    /** The files directly in the jar's folder {@code prefix}, by file name. */
    private static Map<String, JarEntry> libraries(JarFile jar, String prefix) {
        Map<String, JarEntry> libraries = new TreeMap<>();
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            JarEntry entry = entries.nextElement();
            if (entry.getName().startsWith(prefix) && !entry.isDirectory()) {
                String name = entry.getName().substring(prefix.length());
                if (!name.contains("/")) {
                    libraries.put(name, entry);
                }
            }
        }
        return libraries;
    }

    /**
     * {@code <version>-<platform>}, or {@code <version>-gpu-<platform>} for a build that carries the
     * CUDA provider: ONNX Runtime's GPU jar has the same version and manifest as the CPU one but its own
     * {@code libonnxruntime}, and the two must not take turns overwriting one folder.
     */
    static String folderName(Manifest manifest, String platform, List<String> libraries) {
        String version = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        boolean gpu = libraries.stream().anyMatch(name -> name.contains("onnxruntime_providers_cuda"));
        return Optional.ofNullable(version).orElse("unversioned") + (gpu ? "-gpu" : "") + "-" + platform;
    }

    /** ONNX Runtime's name for this machine's folder of native libraries in its jar (as its {@code OnnxRuntime} derives it). */
    static Optional<String> platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win" : os.contains("nux") ? "linux" : null;
        String archName = arch.startsWith("amd64") || arch.startsWith("x86_64") ? "x64"
                : arch.startsWith("aarch64") ? "aarch64" : arch.startsWith("x86") ? "x86" : arch.startsWith("ppc64") ? "ppc64" : null;
        return osName == null || archName == null ? Optional.empty() : Optional.of(osName + "-" + archName);
    }

    private static Optional<Path> jarOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean matches(Path target, JarEntry entry, JarFile jar) throws IOException {
        if (!Files.isRegularFile(target) || Files.size(target) != entry.getSize()) {
            return false;
        }
        try (InputStream in = Files.newInputStream(target)) {
            return crc(in) == expectedCrc(entry, jar);
        }
    }

    private static long expectedCrc(JarEntry entry, JarFile jar) throws IOException {
        if (entry.getCrc() != -1) {
            return entry.getCrc();
        }
        try (InputStream in = jar.getInputStream(entry)) {
            return crc(in);
        }
    }

    private static long crc(InputStream in) throws IOException {
        CheckedInputStream checked = new CheckedInputStream(in, new CRC32());
        checked.transferTo(OutputStream.nullOutputStream());
        return checked.getChecksum().getValue();
    }

    private static void extract(JarFile jar, JarEntry entry, Path target) throws IOException {
        Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", PARTIAL_SUFFIX);
        try {
            long crc;
            try (CheckedInputStream in = new CheckedInputStream(jar.getInputStream(entry), new CRC32());
                 OutputStream out = Files.newOutputStream(partial)) {
                in.transferTo(out);
                crc = in.getChecksum().getValue();
            }
            if (crc != expectedCrc(entry, jar) || Files.size(partial) != entry.getSize()) {
                throw new IOException(entry.getName() + " in " + jar.getName() + " did not read back whole (CRC or size differs)");
            }
            // Temporary files are private to their owner; the cache may serve other users (an image's prepared cache).
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the default permissions are fine.
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void removeStalePartials(Path folder) {
        Instant before = Instant.now().minus(STALE_PARTIAL);
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(folder, "*" + PARTIAL_SUFFIX)) {
            for (Path partial : partials) {
                FileTime modified = Files.getLastModifiedTime(partial);
                if (modified.toInstant().isBefore(before)) {
                    Files.deleteIfExists(partial);
                }
            }
        } catch (IOException e) {
            LOG.debug("could not clean partial files in {}: {}", folder, e.toString());
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
