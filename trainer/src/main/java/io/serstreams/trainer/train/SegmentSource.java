package io.serstreams.trainer.train;

import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.trainer.data.Utterance;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The speech segments of an utterance's first channel, as the live pipeline cuts them. */
public interface SegmentSource {
    List<Segment> of(Utterance utterance) throws AudioFormatException;

    /** Reads and segments the file every time. */
    static SegmentSource reading(FeatureConfig features) {
        return u -> {
            var audio = u.read();
            return ChannelFeatureExtractor.segmentsOf(audio.channels()[0], audio.sampleRate(), features);
        };
    }

    /**
     * Reads and segments each file once, then keeps its segments: for a command that trains many
     * models on overlapping data (a few hundred MB for the five corpora).
     */
    static SegmentSource remembering(FeatureConfig features) {
        SegmentSource reading = reading(features);
        Map<String, List<Segment>> kept = new ConcurrentHashMap<>();
        return u -> {
            List<Segment> segments = kept.get(u.copyKey());
            if (segments == null) {
                segments = List.copyOf(reading.of(u));
                kept.put(u.copyKey(), segments);
            }
            return segments;
        };
    }
}
