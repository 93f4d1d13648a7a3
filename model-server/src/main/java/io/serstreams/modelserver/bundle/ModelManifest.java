package io.serstreams.modelserver.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * {@code manifest.json} of a model bundle.
 *
 * @param format               {@value #FORMAT}
 * @param name                 model name, for example {@code mpgln}
 * @param version              model version, carried into every emotion event
 * @param description          what the model is and how it was made
 * @param labels               class names in output order
 * @param outOfDomainThreshold domain confidence below which a segment is flagged out of domain
 * @param features             feature configuration the model was trained with
 * @param normalization        feature standardisation
 * @param graphs               the ONNX graphs in the bundle by role: {@code extractor} and {@code heads}, or only
 *                             {@code heads} when {@code encoder} is set
 * @param training             free-form provenance: data, seed, metrics
 * @param encoder              the pre-trained encoder the extractor is built from, when the bundle holds it by
 *                             reference; null when the bundle has its own extractor graph
 */
public record ModelManifest(String format, String name, String version, String description, Labels labels,
                            double outOfDomainThreshold, FeatureSpec features, Normalization normalization,
                            Map<String, GraphSpec> graphs, Map<String, Object> training,
                            @JsonInclude(JsonInclude.Include.NON_NULL) EncoderReference encoder,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Calibration calibration) {
    public static final String FORMAT = "ser-streams-bundle/1";
    public static final String FILE = "manifest.json";

    @JsonCreator
    public ModelManifest {
        graphs = graphs == null ? Map.of() : Map.copyOf(graphs);
        training = training == null ? Map.of() : Map.copyOf(training);
    }

    /** A manifest of a bundle with its own extractor graph. */
    public ModelManifest(String format, String name, String version, String description, Labels labels,
                         double outOfDomainThreshold, FeatureSpec features, Normalization normalization,
                         Map<String, GraphSpec> graphs, Map<String, Object> training) {
        this(format, name, version, description, labels, outOfDomainThreshold, features, normalization, graphs, training, null, null);
    }

    /** A manifest without calibration. */
    public ModelManifest(String format, String name, String version, String description, Labels labels,
                         double outOfDomainThreshold, FeatureSpec features, Normalization normalization,
                         Map<String, GraphSpec> graphs, Map<String, Object> training, EncoderReference encoder) {
        this(format, name, version, description, labels, outOfDomainThreshold, features, normalization, graphs, training, encoder, null);
    }

    /** The emotion head's calibration; {@link Calibration#NONE} where the bundle has none. */
    public Calibration calibrationOrNone() {
        return calibration == null ? Calibration.NONE : calibration;
    }

    /** This manifest flagging segments out of domain below {@code threshold} of domain confidence instead. */
    public ModelManifest withOutOfDomainThreshold(double threshold) {
        return new ModelManifest(format, name, version, description, labels, threshold, features, normalization, graphs, training, encoder, calibration);
    }

    /** This manifest with {@code next} as its calibration. */
    public ModelManifest withCalibration(Calibration next) {
        return new ModelManifest(format, name, version, description, labels, outOfDomainThreshold, features, normalization, graphs, training, encoder, next);
    }
}
