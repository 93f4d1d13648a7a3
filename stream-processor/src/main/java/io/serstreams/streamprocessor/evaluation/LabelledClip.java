package io.serstreams.streamprocessor.evaluation;

import java.nio.file.Path;

/**
 * One labelled recording of a manifest: who speaks it and the emotion it was acted or annotated with
 * (empty when unknown; such clips still play in the calls, feeding the domain's profile, but are not scored).
 */
public record LabelledClip(Path file, String speaker, String emotion) {
}
