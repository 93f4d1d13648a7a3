package io.serstreams.trainer.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.featureextractor.encoder.Sha256;
import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.EfficientAtFrontEnd;
import io.serstreams.featureextractor.features.EncoderLogMel;
import io.serstreams.featureextractor.features.Resampling;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.model.Mn04Block;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The frozen mn04's outputs per speech segment, computed once and kept under
 * {@code <root>/<checkpoint sha256 prefix>-<settings hash>/<corpus>.bin}. A segment is the
 * training example's unit (the pipeline's segmentation of {@link ChannelFeatureExtractor}), and
 * mn04 sees exactly what it sees when serving ({@code ser classify}, the feature topology): the
 * segment's span of the channel at the feature rate, through {@link EncoderLogMel}. The settings hash covers the front end and the segmentation, so a change to either
 * starts a new folder. Each corpus's store is written whole to a temporary file and moved in place.
 * <p>
 * For fine-tuning mn04's last blocks, a cache made with a {@code mapBlock} also keeps each
 * segment's activation map at the input of that block ({@link EncodedSegment#map()}); the block
 * index is part of the settings hash, so such a cache has a folder of its own.
 */
public final class EncoderFeatureCache {
    private static final Logger LOG = LoggerFactory.getLogger(EncoderFeatureCache.class);
    private static final int MAGIC = 0x53454e31; // "SEN1"

    private final Path folder;
    private final Path checkpoint;
    private final FeatureConfig features;
    private final int mapBlock;
    private final Map<String, Map<String, EncodedSegment>> byCorpus = new HashMap<>();

    /**
     * @param root       the caches' parent folder, e.g. {@code target/encoder-cache}
     * @param checkpoint the verified mn04 release file
     * @param features   the segmentation the training examples use
     */
    public EncoderFeatureCache(Path root, Path checkpoint, FeatureConfig features) {
        this(root, checkpoint, features, 0);
    }

    /**
     * As above, also keeping each segment's activation map at the input of block {@code mapBlock}
     * (1 .. {@link Mn04Block#BLOCKS}; 0: none, the frozen encoder's cache).
     */
    public EncoderFeatureCache(Path root, Path checkpoint, FeatureConfig features, int mapBlock) {
        if (mapBlock < 0 || mapBlock > Mn04Block.BLOCKS) {
            throw new IllegalArgumentException("mn04 has blocks 1 to " + Mn04Block.BLOCKS + ", not " + mapBlock);
        }
        this.checkpoint = checkpoint;
        this.features = features;
        this.mapBlock = mapBlock;
        this.folder = root.resolve(EncoderSpec.MN04.sha256().substring(0, 12) + "-" + settingsHash(features, mapBlock));
    }

    /** The block at whose input the activation maps are kept; 0: none. */
    public int mapBlock() {
        return mapBlock;
    }

    /** The folder of this checkpoint and these settings. */
    public Path folder() {
        return folder;
    }

    static String settingsHash(FeatureConfig features, int mapBlock) {
        // Without a map the text is the frozen cache's as it always was, so existing caches stay valid.
        String settings = "efficientat input=feature-rate-span sr=" + EfficientAtFrontEnd.SAMPLE_RATE + " mels=" + EfficientAtFrontEnd.MEL_BANDS + " hop="
                + EfficientAtFrontEnd.HOP + " fft=" + EfficientAtFrontEnd.FFT_SIZE + " window=" + EfficientAtFrontEnd.WINDOW
                + " segments=" + features + (mapBlock == 0 ? "" : " map-at-block=" + mapBlock);
        return Sha256.of(settings).substring(0, 12);
    }

    /** The cached outputs of segment {@code index} of {@code utterance}, after {@link #ensure}. */
    public Optional<EncodedSegment> of(Utterance utterance, int index) {
        return Optional.ofNullable(store(utterance.domain()).get(key(utterance, index)));
    }

    /**
     * Encodes the segments of every utterance not cached yet, corpus by corpus, with progress and
     * time left on stderr; files that cannot be read are reported to {@code problems}.
     */
    public void ensure(List<Utterance> utterances, DataProblems problems) {
        Map<String, List<Utterance>> missing = new LinkedHashMap<>();
        for (Utterance u : utterances) {
            if (!store(u.domain()).containsKey(key(u, 0))) {
                missing.computeIfAbsent(u.domain(), d -> new ArrayList<>()).add(u);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Mn04Block mn04 = Mn04Block.load(checkpoint, manager);
            for (var entry : missing.entrySet()) {
                encodeCorpus(entry.getKey(), entry.getValue(), mn04, manager, problems);
            }
        }
    }

    private void encodeCorpus(String corpus, List<Utterance> utterances, Mn04Block mn04, NDManager manager, DataProblems problems) {
        Map<String, EncodedSegment> store = store(corpus);
        long start = System.nanoTime();
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            try {
                DecodedAudio audio = u.read();
                float[] samples = audio.channels()[0];
                // As the pipeline and ser classify do: the encoder reads the channel at the feature rate, over the segment's span.
                float[] featureRate = Resampling.resample(samples, audio.sampleRate(), features.sampleRate());
                for (Segment s : ChannelFeatureExtractor.segmentsOf(samples, audio.sampleRate(), features)) {
                    float[] logMel = EncoderLogMel.of(featureRate, features.sampleRate(), s.startSample(), s.endSample());
                    store.put(key(u, s.index()), encode(mn04, manager, logMel, mapBlock));
                }
            } catch (AudioFormatException e) {
                problems.report(u.file(), e.getMessage());
            }
            if ((i + 1) % 200 == 0 || i + 1 == utterances.size()) {
                double seconds = (System.nanoTime() - start) / 1e9;
                LOG.info("mn04 {}: {}/{} files, {} s elapsed, about {} s left", corpus, i + 1, utterances.size(), Math.round(seconds),
                        Math.round(seconds / (i + 1) * (utterances.size() - i - 1)));
            }
        }
        write(corpus, store);
    }

    /**
     * mn04's outputs for one frame-major {@code [T][128]} log-mel ({@link EncoderLogMel}'s layout),
     * without gradients, with the activation map at the input of block {@code mapBlock} (0: none).
     */
    static EncodedSegment encode(Mn04Block mn04, NDManager parent, float[] frameMajor, int mapBlock) {
        int bands = EfficientAtFrontEnd.MEL_BANDS;
        int frames = EncoderLogMel.frames(frameMajor);
        try (NDManager manager = parent.newSubManager()) {
            NDArray logMel = manager.create(frameMajor, new Shape(1, 1, frames, bands)).transpose(0, 1, 3, 2);
            ParameterStore ps = new ParameterStore(manager, false);
            NDList out = mn04.forward(ps, new NDList(logMel), false);
            int steps = (int) out.get(2).getShape().get(2);
            ActivationMap map = null;
            if (mapBlock > 0) {
                NDArray at = mn04.mapBefore(ps, logMel, mapBlock);
                Shape shape = at.getShape();
                map = new ActivationMap((int) shape.get(1), (int) shape.get(2), (int) shape.get(3), at.toFloatArray());
            }
            return new EncodedSegment(out.get(1).toFloatArray(), out.get(0).toFloatArray(), steps, out.get(2).toFloatArray(), map);
        }
    }

    private Map<String, EncodedSegment> store(String corpus) {
        return byCorpus.computeIfAbsent(corpus, this::read);
    }

    private static String key(Utterance u, int index) {
        // A wideband copy's key is the file's path alone, so caches written before telephone copies stay valid.
        return u.copyKey() + "#" + index;
    }

    private Path fileOf(String corpus) {
        return folder.resolve(corpus + ".bin");
    }

    private Map<String, EncodedSegment> read(String corpus) {
        Map<String, EncodedSegment> store = new HashMap<>();
        Path file = fileOf(corpus);
        if (!Files.isRegularFile(file)) {
            return store;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                LOG.warn("{} is not an encoder cache file: encoding {} again", file, corpus);
                return store;
            }
            int count = in.readInt();
            for (int n = 0; n < count; n++) {
                String key = in.readUTF();
                float[] embedding = floats(in, in.readInt());
                float[] logits = floats(in, in.readInt());
                int steps = in.readInt();
                float[] frames = floats(in, embedding.length * steps);
                ActivationMap map = null;
                if (mapBlock > 0) {
                    int channels = in.readInt();
                    int rows = in.readInt();
                    int columns = in.readInt();
                    map = new ActivationMap(channels, rows, columns, floats(in, channels * rows * columns));
                }
                store.put(key, new EncodedSegment(embedding, logits, steps, frames, map));
            }
        } catch (IOException e) {
            LOG.warn("cannot read the encoder cache {} ({}): encoding {} again", file, e.getMessage(), corpus);
            return new HashMap<>();
        }
        return store;
    }

    private void write(String corpus, Map<String, EncodedSegment> store) {
        Path file = fileOf(corpus);
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, corpus, ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(store.size());
                for (var e : store.entrySet()) {
                    out.writeUTF(e.getKey());
                    EncodedSegment s = e.getValue();
                    out.writeInt(s.embedding().length);
                    writeFloats(out, s.embedding());
                    out.writeInt(s.logits().length);
                    writeFloats(out, s.logits());
                    out.writeInt(s.steps());
                    writeFloats(out, s.frames());
                    if (mapBlock > 0) {
                        out.writeInt(s.map().channels());
                        out.writeInt(s.map().rows());
                        out.writeInt(s.map().columns());
                        writeFloats(out, s.map().values());
                    }
                }
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the encoder cache " + file + ": " + e.getMessage(), e);
        }
    }

    private static float[] floats(DataInputStream in, int n) throws IOException {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        for (float v : values) {
            out.writeFloat(v);
        }
    }
}
