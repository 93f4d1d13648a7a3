package io.serstreams.featureextractor.encoder;

import io.serstreams.featureextractor.encoder.Mn04Architecture.Activation;
import io.serstreams.featureextractor.encoder.Mn04Architecture.Block;
import io.serstreams.featureextractor.encoder.TorchCheckpointWriter.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Mn04ArchitectureTest {
    private static final StateDictLayout LAYOUT = Mn04Architecture.stateDict();

    @Test
    void blocksHaveFactsMdChannelCounts() {
        // FACTS.md section 2: in, k, exp, out, SE squeeze, act, stride of features.1 .. features.15.
        Activation re = Activation.RELU;
        Activation hs = Activation.HARDSWISH;
        assertThat(Mn04Architecture.blocks()).containsExactly(
                new Block(1, 8, 3, 8, 8, 0, re, 1), new Block(2, 8, 3, 24, 16, 0, re, 2), new Block(3, 16, 3, 32, 16, 0, re, 1),
                new Block(4, 16, 5, 32, 16, 8, re, 2), new Block(5, 16, 5, 48, 16, 16, re, 1), new Block(6, 16, 5, 48, 16, 16, re, 1),
                new Block(7, 16, 3, 96, 32, 0, hs, 2), new Block(8, 32, 3, 80, 32, 0, hs, 1), new Block(9, 32, 3, 72, 32, 0, hs, 1),
                new Block(10, 32, 3, 72, 32, 0, hs, 1), new Block(11, 32, 3, 192, 48, 48, hs, 1), new Block(12, 48, 3, 272, 48, 72, hs, 1),
                new Block(13, 48, 5, 272, 64, 72, hs, 2), new Block(14, 64, 5, 384, 64, 96, hs, 1), new Block(15, 64, 5, 384, 64, 96, hs, 1));
        assertThat(Mn04Architecture.blocks().stream().filter(Block::residual).map(Block::index)).containsExactly(1, 3, 5, 6, 8, 9, 10, 12, 14, 15);
        assertThat(Mn04Architecture.blocks().stream().filter(b -> !b.expands()).map(Block::index)).containsExactly(1);
        assertThat(Mn04Architecture.stemChannels()).isEqualTo(8);
        assertThat(Mn04Architecture.embeddingChannels()).isEqualTo(384);
        assertThat(Mn04Architecture.hiddenUnits()).isEqualTo(512);
    }

    @Test
    void stateDictHasFactsMdCounts() {
        List<StateDictLayout.Entry> entries = LAYOUT.entries();
        assertThat(entries).hasSize(312);
        assertThat(entries.stream().filter(e -> e.dtype() == TorchDtype.INT64)).hasSize(46)
                .allSatisfy(e -> assertThat(e.shape().rank()).isZero());
        long runningStats = entries.stream().filter(e -> e.key().endsWith("running_mean") || e.key().endsWith("running_var"))
                .mapToLong(e -> e.shape().numel()).sum();
        assertThat(runningStats).isEqualTo(9_840);
        assertThat(LAYOUT.numel(TorchDtype.FLOAT32) - runningStats).as("learnable parameters").isEqualTo(983_599);
    }

    @Test
    void stateDictMatchesStateDictTsvInOrder() throws Exception {
        List<String[]> rows = SharedEncoder.stateDictRows();
        assertThat(LAYOUT.entries().stream().map(e -> e.key() + " " + e.shape() + " " + e.dtype().label()))
                .containsExactlyElementsOf(rows.stream().map(r -> r[0] + " " + r[1] + " " + r[2]).toList());
    }

    @Test
    void theRealCheckpointPassesTheStrictCheck() {
        Path mn04 = SharedEncoder.mn04();
        LAYOUT.check(TorchCheckpointReader.read(mn04), mn04.toString());
    }

    @Test
    void aTamperedExpectedShapeIsNamed() {
        Path mn04 = SharedEncoder.mn04();
        Map<String, TorchTensor> tensors = TorchCheckpointReader.read(mn04);
        StateDictLayout tampered = LAYOUT.withShape("features.5.block.1.0.weight", TensorShape.of(48, 1, 3, 3));
        assertThatThrownBy(() -> tampered.check(tensors, "mn04.pt")).isInstanceOf(EncoderException.class)
                .hasMessage("mn04.pt: not a mn04 checkpoint: features.5.block.1.0.weight has shape 48x1x5x5, mn04 has 48x1x3x3");
    }

    @Test
    void aCheckpointWrittenFromTheLayoutPassesAndEachDeviationIsNamed(@TempDir Path dir) throws Exception {
        Map<String, View> complete = new LinkedHashMap<>();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        for (StateDictLayout.Entry entry : LAYOUT.entries()) {
            String storage = Integer.toString(storages.size());
            complete.put(entry.key(), View.contiguous(storage, entry.dtype(), entry.shape().dims()));
            storages.put(storage, new byte[(int) entry.shape().numel() * entry.dtype().bytes()]);
        }
        Path good = dir.resolve("good.pt");
        TorchCheckpointWriter.write(good, complete, storages);
        LAYOUT.check(TorchCheckpointReader.read(good), "good.pt");

        Map<String, View> missing = new LinkedHashMap<>(complete);
        missing.remove("features.12.block.2.conc_se_layers.0.fc2.bias");
        Path withoutKey = dir.resolve("missing.pt");
        TorchCheckpointWriter.write(withoutKey, missing, storages);
        assertThatThrownBy(() -> LAYOUT.check(TorchCheckpointReader.read(withoutKey), "missing.pt")).isInstanceOf(EncoderException.class)
                .hasMessage("missing.pt: not a mn04 checkpoint: features.12.block.2.conc_se_layers.0.fc2.bias (272) is missing");

        Map<String, View> renamed = new LinkedHashMap<>();
        complete.forEach((key, view) -> renamed.put(key.equals("classifier.5.bias") ? "head.bias" : key, view));
        Path withRenamedKey = dir.resolve("renamed.pt");
        TorchCheckpointWriter.write(withRenamedKey, renamed, storages);
        assertThatThrownBy(() -> LAYOUT.check(TorchCheckpointReader.read(withRenamedKey), "renamed.pt"))
                .hasMessage("renamed.pt: not a mn04 checkpoint: classifier.5.bias (527) is missing; it has 1 key(s) mn04 does not, the first head.bias");

        Map<String, View> extra = new LinkedHashMap<>(complete);
        extra.put("features.17.0.weight", View.contiguous("0", TorchDtype.FLOAT32, 8, 1, 3, 3));
        Path withExtraKey = dir.resolve("extra.pt");
        TorchCheckpointWriter.write(withExtraKey, extra, storages);
        assertThatThrownBy(() -> LAYOUT.check(TorchCheckpointReader.read(withExtraKey), "extra.pt"))
                .hasMessage("extra.pt: not a mn04 checkpoint: it has features.17.0.weight (8x1x3x3), which mn04 does not");

        Map<String, View> retyped = new LinkedHashMap<>(complete);
        retyped.put("features.0.1.num_batches_tracked", new View("0", TorchDtype.FLOAT32, 72, 0, new int[0], new int[0]));
        Path withFloatCounter = dir.resolve("retyped.pt");
        TorchCheckpointWriter.write(withFloatCounter, retyped, storages);
        assertThatThrownBy(() -> LAYOUT.check(TorchCheckpointReader.read(withFloatCounter), "retyped.pt"))
                .hasMessage("retyped.pt: not a mn04 checkpoint: features.0.1.num_batches_tracked is float32, mn04 has int64");
    }
}
