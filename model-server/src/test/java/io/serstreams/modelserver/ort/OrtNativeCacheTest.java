package io.serstreams.modelserver.ort;

import ai.onnxruntime.OrtEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache of ONNX Runtime's native libraries, over the real ONNX Runtime jar of the class path. */
class OrtNativeCacheTest {
    private static final String VERSION = OrtEnvironment.class.getPackage().getImplementationVersion();

    @TempDir
    Path root;

    /** The bytes of a native library as the ONNX Runtime jar holds it. */
    private static byte[] fromJar(String library) throws Exception {
        Path jar = Path.of(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile file = new JarFile(jar.toFile()); InputStream in = file.getInputStream(file.getEntry("ai/onnxruntime/native/linux-x64/" + library))) {
            return in.readAllBytes();
        }
    }

    private Path prepare() throws Exception {
        Optional<Path> folder = new OrtNativeCache(root).prepare(OrtEnvironment.class);
        assertThat(folder).isPresent();
        return folder.get();
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void extractsThisPlatformsLibrariesOnceIntoAFolderNamedByVersion() throws Exception {
        Path folder = prepare();
        assertThat(folder).isEqualTo(root.resolve(VERSION + "-linux-x64"));
        assertThat(names(folder)).containsExactly("libonnxruntime.so", "libonnxruntime4j_jni.so");
        assertThat(folder.resolve("libonnxruntime4j_jni.so")).hasBinaryContent(fromJar("libonnxruntime4j_jni.so"));
        assertThat(Files.size(folder.resolve("libonnxruntime.so"))).isEqualTo(fromJar("libonnxruntime.so").length);
        Object inode = Files.readAttributes(folder.resolve("libonnxruntime.so"), "unix:ino").get("ino");

        assertThat(prepare()).isEqualTo(folder);
        assertThat(Files.readAttributes(folder.resolve("libonnxruntime.so"), "unix:ino").get("ino")).as("not written again").isEqualTo(inode);
    }

    @Test
    void aDamagedOrTruncatedCopyIsWrittenAgain() throws Exception {
        Path folder = prepare();
        Path jni = folder.resolve("libonnxruntime4j_jni.so");
        byte[] damaged = Files.readAllBytes(jni);
        damaged[damaged.length / 2] ^= 0x5a;
        Files.write(jni, damaged);
        Path main = folder.resolve("libonnxruntime.so");
        Files.write(main, new byte[1000]);

        prepare();

        assertThat(jni).hasBinaryContent(fromJar("libonnxruntime4j_jni.so"));
        assertThat(main).hasBinaryContent(fromJar("libonnxruntime.so"));
        assertThat(names(folder)).as("no partial files left").containsExactly("libonnxruntime.so", "libonnxruntime4j_jni.so");
    }

    @Test
    void extractionsThatRaceEachLeaveWholeLibraries() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> racing = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<Path> prepare = () -> new OrtNativeCache(root).prepare(OrtEnvironment.class).orElseThrow();
                racing.add(pool.submit(prepare));
            }
            for (Future<Path> f : racing) {
                assertThat(f.get()).isEqualTo(root.resolve(VERSION + "-linux-x64"));
            }
        } finally {
            pool.shutdown();
        }
        Path folder = root.resolve(VERSION + "-linux-x64");
        assertThat(names(folder)).containsExactly("libonnxruntime.so", "libonnxruntime4j_jni.so");
        assertThat(folder.resolve("libonnxruntime.so")).hasBinaryContent(fromJar("libonnxruntime.so"));
    }

    @Test
    void theFolderNameTellsTheBuildsApart() {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "1.29.0");
        List<String> cpu = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");
        List<String> gpu = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so", "libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so");
        assertThat(OrtNativeCache.folderName(manifest, "linux-x64", cpu)).isEqualTo("1.29.0-linux-x64");
        assertThat(OrtNativeCache.folderName(manifest, "linux-x64", gpu)).isEqualTo("1.29.0-gpu-linux-x64");
        assertThat(OrtNativeCache.folderName(null, "linux-aarch64", cpu)).isEqualTo("unversioned-linux-aarch64");
    }

    @Test
    void theRootComesFromThePropertyThenTheEnvironmentThenTheUsersCacheFolder() {
        Properties properties = new Properties();
        properties.setProperty("user.home", "/home/someone");
        assertThat(OrtNativeCache.root(properties, Map.of())).isEqualTo(Path.of("/home/someone/.cache/ser-streams/onnxruntime"));
        assertThat(OrtNativeCache.root(properties, Map.of("XDG_CACHE_HOME", "/var/cache/me"))).isEqualTo(Path.of("/var/cache/me/ser-streams/onnxruntime"));
        assertThat(OrtNativeCache.root(properties, Map.of("XDG_CACHE_HOME", "/var/cache/me", "SER_ONNXRUNTIME_CACHE", "/opt/ort")))
                .isEqualTo(Path.of("/opt/ort"));
        properties.setProperty("ser.onnxruntime.cache", "/srv/ort");
        assertThat(OrtNativeCache.root(properties, Map.of("SER_ONNXRUNTIME_CACHE", "/opt/ort"))).isEqualTo(Path.of("/srv/ort"));
    }
}
