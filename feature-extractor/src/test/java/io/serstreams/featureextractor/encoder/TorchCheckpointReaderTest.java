package io.serstreams.featureextractor.encoder;

import io.serstreams.featureextractor.encoder.TorchCheckpointWriter.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.serstreams.featureextractor.encoder.TorchCheckpointWriter.floats;
import static io.serstreams.featureextractor.encoder.TorchCheckpointWriter.longs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TorchCheckpointReaderTest {

    @Test
    void readsEveryTensorOfTheRealCheckpointAsStateDictTsvListsThem() throws Exception {
        Map<String, TorchTensor> tensors = TorchCheckpointReader.read(SharedEncoder.mn04());
        List<String[]> rows = SharedEncoder.stateDictRows();

        assertThat(rows).hasSize(312);
        assertThat(new ArrayList<>(tensors.keySet())).containsExactlyElementsOf(rows.stream().map(r -> r[0]).toList());
        long total = 0;
        for (String[] row : rows) {
            TorchTensor tensor = tensors.get(row[0]);
            assertThat(tensor.shape()).as(row[0]).hasToString(row[1]);
            assertThat(tensor.storedAs().label()).as(row[0]).isEqualTo(row[2]);
            assertThat((long) tensor.numel()).as(row[0]).isEqualTo(Long.parseLong(row[3]));
            assertThat(row[5]).isEqualTo(tensor.storedAs().storageClass());
            total += tensor.numel();
        }
        assertThat(total).isEqualTo(993_485);
        // FACTS.md: every BatchNorm counter is 291900; running variances are positive.
        tensors.entrySet().stream().filter(e -> e.getKey().endsWith("num_batches_tracked"))
                .forEach(e -> assertThat(e.getValue().get(0)).as(e.getKey()).isEqualTo(291_900f));
        TorchTensor variance = tensors.get("features.16.1.running_var");
        for (int i = 0; i < variance.numel(); i++) {
            assertThat(variance.get(i)).isPositive().isFinite();
        }
    }

    @Test
    void honoursStorageOffsetsStridesAndSharedStorages(@TempDir Path dir) throws Exception {
        float[] storage = new float[12];
        for (int i = 0; i < storage.length; i++) {
            storage[i] = i;
        }
        Map<String, View> dict = new LinkedHashMap<>();
        // A transposed view from element 1: element (i, j) is storage[1 + i + 3j].
        dict.put("transposed", new View("0", TorchDtype.FLOAT32, 12, 1, new int[]{3, 2}, new int[]{1, 3}));
        dict.put("tail", new View("0", TorchDtype.FLOAT32, 12, 6, new int[]{2, 3}, new int[]{3, 1}));
        dict.put("counter", View.contiguous("1", TorchDtype.INT64));
        Path file = dir.resolve("views.pt");
        TorchCheckpointWriter.write(file, dict, Map.of("0", floats(storage), "1", longs(291_900)));

        Map<String, TorchTensor> tensors = TorchCheckpointReader.read(file);

        assertThat(tensors.keySet()).containsExactly("transposed", "tail", "counter");
        assertThat(tensors.get("transposed").shape()).isEqualTo(TensorShape.of(3, 2));
        assertThat(tensors.get("transposed").values()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(tensors.get("tail").values()).containsExactly(6, 7, 8, 9, 10, 11);
        assertThat(tensors.get("counter").shape()).hasToString("scalar");
        assertThat(tensors.get("counter").storedAs()).isEqualTo(TorchDtype.INT64);
        assertThat(tensors.get("counter").values()).containsExactly(291_900f);
        assertThatThrownBy(() -> tensors.put("x", tensors.get("tail"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void readsAModulesStateDictWithItsMetadata(@TempDir Path dir) throws Exception {
        Map<String, View> tensors = new LinkedHashMap<>();
        tensors.put("fc.weight", View.contiguous("0", TorchDtype.FLOAT32, 2, 2));
        tensors.put("fc.bias", View.contiguous("1", TorchDtype.FLOAT32, 2));
        Path file = dir.resolve("module.pt");
        Files.write(file, TorchCheckpointWriter.zip(TorchCheckpointWriter.pickle(new TorchCheckpointWriter.ModuleStateDict(tensors)),
                Map.of("0", floats(1, 2, 3, 4), "1", floats(5, 6))));

        Map<String, TorchTensor> read = TorchCheckpointReader.read(file);

        assertThat(read.keySet()).containsExactly("fc.weight", "fc.bias");
        assertThat(read.get("fc.bias").values()).containsExactly(5, 6);
    }

    @Test
    void refusesAStorageTheArchiveLacks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("missing.pt");
        TorchCheckpointWriter.write(file, Map.of("w", View.contiguous("0", TorchDtype.FLOAT32, 2)), Map.of());
        assertThatThrownBy(() -> TorchCheckpointReader.read(file)).isInstanceOf(EncoderException.class)
                .hasMessage(file + ": data.pkl refers to storage archive/data/0, which the archive lacks");
    }

    @Test
    void refusesAStorageOfTheWrongSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("short.pt");
        TorchCheckpointWriter.write(file, Map.of("w", View.contiguous("0", TorchDtype.FLOAT32, 4)), Map.of("0", floats(1, 2, 3)));
        assertThatThrownBy(() -> TorchCheckpointReader.read(file)).isInstanceOf(EncoderException.class)
                .hasMessage(file + ": archive/data/0 holds 12 bytes, expected 4 float32 elements (16 bytes)");
    }

    @Test
    void refusesAViewBeyondItsStorage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("beyond.pt");
        TorchCheckpointWriter.write(file, Map.of("w", new View("0", TorchDtype.FLOAT32, 4, 2, new int[]{3}, new int[]{1})),
                Map.of("0", floats(1, 2, 3, 4)));
        assertThatThrownBy(() -> TorchCheckpointReader.read(file)).isInstanceOf(EncoderException.class)
                .hasMessage(file + ": tensor 3 at offset 2 reaches element 4 of archive/data/0, which holds 4");
    }

    @Test
    void refusesAnIntegerAFloatCannotHold(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("counter.pt");
        TorchCheckpointWriter.write(file, Map.of("n", View.contiguous("0", TorchDtype.INT64)), Map.of("0", longs((1L << 24) + 1)));
        assertThatThrownBy(() -> TorchCheckpointReader.read(file)).isInstanceOf(EncoderException.class)
                .hasMessage(file + ": archive/data/0 holds the int64 16777217, which a float cannot hold exactly");
    }

    @Test
    void refusesGlobalsAStateDictDoesNotUse(@TempDir Path dir) throws Exception {
        // {'x': os.system('true')}: pickle would run it in Python; here it must not even become an object.
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(new byte[]{(byte) 0x80, 2, '}', 'X', 1, 0, 0, 0, 'x', 'c'});
        pickle.write("os\nsystem\nX\u0004\u0000\u0000\u0000true".getBytes(StandardCharsets.ISO_8859_1));
        pickle.write(new byte[]{(byte) 0x85, 'R', 's', '.'});
        Path file = dir.resolve("evil.pt");
        Files.write(file, TorchCheckpointWriter.zip(pickle.toByteArray(), Map.of()));
        assertThatThrownBy(() -> TorchCheckpointReader.read(file)).isInstanceOf(EncoderException.class)
                .hasMessage(file + ": data.pkl refers to os.system, which a state dict of tensors does not contain");
    }

    @Test
    void refusesFilesThatAreNotZipCheckpoints(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.pt"), "not a checkpoint");
        assertThatThrownBy(() -> TorchCheckpointReader.read(text)).isInstanceOf(EncoderException.class)
                .hasMessageStartingWith(text + ": not a PyTorch checkpoint (not a ZIP archive");
        Path noPickle = dir.resolve("nopickle.pt");
        Files.write(noPickle, versionOnlyZip());
        assertThatThrownBy(() -> TorchCheckpointReader.read(noPickle)).isInstanceOf(EncoderException.class)
                .hasMessage(noPickle + ": not a PyTorch checkpoint (no FOLDER/data.pkl entries, expected one)");
        Path absent = dir.resolve("absent.pt");
        assertThatThrownBy(() -> TorchCheckpointReader.read(absent)).hasMessage(absent + ": no such file");
        Path list = dir.resolve("list.pt");
        Files.write(list, TorchCheckpointWriter.zip(TorchCheckpointWriter.pickle(new Object[]{1, 2}), Map.of()));
        assertThatThrownBy(() -> TorchCheckpointReader.read(list)).hasMessage(list + ": data.pkl holds a tuple, not a state dict of tensors");
    }

    private static byte[] versionOnlyZip() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("archive/version"));
            zip.write('3');
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
