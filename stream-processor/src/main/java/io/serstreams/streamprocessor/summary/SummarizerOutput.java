package io.serstreams.streamprocessor.summary;

import io.serstreams.schema.CallEmotionSummary;
import io.serstreams.schema.EmotionAlert;

/** What the summariser emits, one kind per topic it goes to. */
public sealed interface SummarizerOutput {

    /** A channel's summary after an event or at the end of the call: to {@code emotion.call-summary}. */
    record SummaryUpdated(CallEmotionSummary summary) implements SummarizerOutput {
    }

    /** An alert a rule raised: to {@code emotion.alerts}. */
    record AlertRaised(EmotionAlert alert) implements SummarizerOutput {
    }
}
