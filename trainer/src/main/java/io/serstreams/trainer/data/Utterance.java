package io.serstreams.trainer.data;

import io.serstreams.trainer.labels.UtteranceLabels;

import java.nio.file.Path;

/**
 * One recording of a corpus, with who speaks and what is known of its emotion.
 *
 * @param file    the audio file (WAV or FLAC, any rate)
 * @param domain  the corpus or source it belongs to
 * @param speaker speaker id within the domain, as {@code splits.csv} names it
 */
public record Utterance(Path file, String domain, String speaker, UtteranceLabels labels) {
}
