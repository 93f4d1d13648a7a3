package io.serstreams.trainer.eval;

import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.trainer.data.Utterance;

import java.util.Optional;

/** Reads one utterance: its segments' class probabilities, averaged (as {@code ser classify} gives them). */
public interface UtteranceClassifier {
    /**
     * @param emotion the core classes' probabilities
     * @param arousal the arousal groups'
     * @param valence the valence groups'
     */
    record Reading(float[] emotion, float[] arousal, float[] valence) {
    }

    /** The utterance's reading; empty when it has no segment to classify. */
    Optional<Reading> classify(Utterance utterance) throws AudioFormatException;
}
