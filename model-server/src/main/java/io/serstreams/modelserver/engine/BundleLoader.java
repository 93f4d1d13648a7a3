package io.serstreams.modelserver.engine;

import io.serstreams.featureextractor.encoder.EncoderException;
import io.serstreams.featureextractor.encoder.EncoderFetcher;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.featureextractor.encoder.TorchCheckpointReader;
import io.serstreams.featureextractor.encoder.TorchTensor;
import io.serstreams.modelserver.bundle.BundleException;
import io.serstreams.modelserver.bundle.EncoderTensorFile;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.onnx.EncoderGraphCache;
import io.serstreams.modelserver.onnx.Mn04OnnxGraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Loads a model bundle ready to run. A bundle with its own extractor loads as it is; one that holds
 * its extractor by reference gets the encoder's graph from the encoder cache, converted from the
 * verified checkpoint on first use, after one download attempt when the checkpoint is absent and
 * fetching is allowed. Where the encoder cannot be had, one line says why and the default model runs
 * instead, so a missing download never keeps the service from starting.
 */
public final class BundleLoader {
    /** Encoders our converter builds graphs for; a checkpoint is recognised by its sha256, wherever it was published. */
    private static final List<EncoderSpec> CONVERTIBLE = List.of(EncoderSpec.MN04);
    /** The shipped model, relative to the project root ({@code ser.home}): the one that runs when a referenced encoder cannot. */
    public static final String DEFAULT_MODEL = "models/mpgln";

    private final EncoderGraphCache graphs;
    private final EncoderFetcher fetcher;
    private final Path fallback;
    private final Consumer<String> notices;

    /**
     * @param graphs   the encoder cache and its converted graphs
     * @param fetcher  downloads an absent checkpoint; null never to download
     * @param fallback the bundle to run when a referenced encoder cannot be had (it must have its own extractor); null to fail instead
     * @param notices  receives the one line that says the fallback happened (for standard error)
     */
    public BundleLoader(EncoderGraphCache graphs, EncoderFetcher fetcher, Path fallback, Consumer<String> notices) {
        this.graphs = graphs;
        this.fetcher = fetcher;
        this.fallback = fallback;
        this.notices = notices;
    }

    /** {@link #DEFAULT_MODEL} under the project root the launcher passes as {@code ser.home}. */
    public static Path defaultModel() {
        return Path.of(System.getProperty("ser.home", ".")).resolve(DEFAULT_MODEL);
    }

    /** A loader for this process's encoder cache ({@code ser.encoder.cache}, ...), downloading when {@code fetch} is set. */
    public static BundleLoader configured(boolean fetch, Path fallback, Consumer<String> notices) {
        EncoderGraphCache graphs = EncoderGraphCache.configured();
        return new BundleLoader(graphs, fetch ? EncoderFetcher.withDefaultClient(graphs.cache(), notices) : null, fallback, notices);
    }

    /**
     * The bundle at {@code path}, with its extractor graph.
     *
     * @throws BundleException when the bundle (or the fallback) is not a valid bundle, or the encoder cannot be had and
     *                         there is no fallback
     */
    public ModelBundle load(Path path) {
        ModelBundle bundle = ModelBundle.load(path);
        if (bundle.encoder().isEmpty()) {
            return bundle;
        }
        EncoderSpec encoder = bundle.encoder().get();
        String fineTuned = bundle.manifest().encoder().fineTuned();
        try {
            EncoderSpec known = fetched(encoder);
            byte[] graph = fineTuned == null ? convertedGraph(known) : fineTunedGraph(known, path.resolve(fineTuned), bundle.source());
            return bundle.withEncoderGraph(graph);
        } catch (EncoderException e) {
            String reason = reason(e);
            if (fallback == null || fallback.toAbsolutePath().normalize().equals(path.toAbsolutePath().normalize())) {
                throw new BundleException(bundle.source() + ": encoder " + encoder.name() + " not available (" + reason + ")", e);
            }
            notices.accept(encoder.name() + " encoder not available (" + reason + "); running the default model " + fallback
                    + " \u2014 fetch it with ./ser encoder fetch");
            ModelBundle standIn = ModelBundle.load(fallback);
            if (standIn.encoder().isPresent()) {
                throw new BundleException(fallback + ": the default model references encoder " + standIn.encoder().get().name()
                        + " too, so it cannot stand in for " + bundle.source());
            }
            return standIn;
        }
    }

    /** The converter's spec of {@code declared}, its checkpoint verified in the cache (downloaded first where absent and allowed). */
    private EncoderSpec fetched(EncoderSpec declared) {
        EncoderSpec known = CONVERTIBLE.stream().filter(s -> s.sha256().equals(declared.sha256())).findFirst()
                .orElseThrow(() -> new EncoderException("no converter for encoder " + declared.name() + " with sha256 "
                        + declared.sha256() + "; the converter knows " + CONVERTIBLE.stream().map(EncoderSpec::name).toList()));
        if (graphs.cache().verified(known).isEmpty()) {
            if (fetcher == null) {
                throw new EncoderException("not in the encoder cache " + graphs.cache().root() + ", and fetching is off");
            }
            fetcher.download(known, declared.release());
        }
        return known;
    }

    /** The release's graph, converted once and kept in the graph cache. */
    private byte[] convertedGraph(EncoderSpec known) {
        Path graph = graphs.graph(known);
        try {
            return Files.readAllBytes(graph);
        } catch (IOException e) {
            throw new EncoderException("cannot read the converted encoder graph " + graph + ": " + e.getMessage(), e);
        }
    }

    /**
     * The encoder's graph converted from the verified release with the bundle's fine-tuned tensors
     * laid over it; built on every load, never cached, since it is the bundle's own (the release's
     * own graph is then neither converted nor read).
     */
    private byte[] fineTunedGraph(EncoderSpec known, Path tensors, String source) {
        Path checkpoint = graphs.cache().verified(known).orElseThrow(() -> new EncoderException("not in the encoder cache " + graphs.cache().root()));
        Map<String, TorchTensor> merged = EncoderTensorFile.overlay(TorchCheckpointReader.read(checkpoint), EncoderTensorFile.read(tensors), source);
        return Mn04OnnxGraph.convert(merged, source + " (" + known.name() + " fine-tuned)").toByteArray();
    }

    /** The short cause for the notice: why the download failed, else what the cache said. */
    private static String reason(EncoderException e) {
        if (e.getCause() instanceof IOException io) {
            return "offline: " + EncoderFetcher.reason(io);
        }
        return e.getMessage();
    }
}
