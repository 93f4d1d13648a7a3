package io.serstreams.streamprocessor.replay;

import java.util.List;

/** Where the sample calls' turns come from: clips of a speech corpus, or speech synthesised on this machine. */
public interface TurnVoices {
    /** Each turn of {@code script} spoken, in order: 16 kHz mono samples in [-1, 1]. */
    List<float[]> speak(CallScript script);

    /** A short name for folders of calls built from this source, distinct per source. */
    String key();

    /** Where the speech comes from, for the user: one line. */
    String provenance();
}
