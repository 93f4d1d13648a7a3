package io.serstreams.featureextractor.features;

import io.serstreams.featureextractor.testing.Signals;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpoints written before the minimum-statistics voice activity detector (snapshot format 1)
 * still restore, so a running feature topology survives the upgrade.
 */
class FormerSnapshotTest {
    private static final int RATE = 16000;
    private static final FeatureConfig ONE_PATCH = FeatureConfig.DEFAULT.withSegments(96, 96);

    @Test
    void aFormat1SnapshotRestoresAndContinuesWhereItStood() throws Exception {
        byte[] snapshot;
        // Written by the earlier extractor after the first 1.5 s of this voice (one segment emitted).
        try (InputStream in = getClass().getResourceAsStream("/snapshots/extractor-format1-voice-at-1.5s.snapshot")) {
            snapshot = in.readAllBytes();
        }
        assertThat(snapshot[0]).isEqualTo((byte) 1);
        float[] voice = Signals.voice(150, 3 * RATE, RATE, 21);
        ChannelFeatureExtractor restored = ChannelFeatureExtractor.restore(snapshot, ONE_PATCH);
        assertThat(restored.segmentCount()).isEqualTo(1);
        List<Segment> after = new ArrayList<>();
        restored.accept(voice, RATE * 3 / 2, voice.length - RATE * 3 / 2, after::add);
        restored.finish(after::add);

        List<Segment> whole = ChannelFeatureExtractor.segmentsOf(voice, RATE, ONE_PATCH);
        assertThat(after).extracting(Segment::index).containsExactlyElementsOf(whole.stream().skip(1).map(Segment::index).toList());
        for (int i = 0; i < after.size(); i++) {
            Segment restoredSegment = after.get(i);
            Segment fresh = whole.get(i + 1);
            assertThat(restoredSegment.startSample()).isEqualTo(fresh.startSample());
            // The log-mel does not depend on voice activity: it continues exactly.
            assertThat(restoredSegment.logMel()).containsExactly(fresh.logMel());
        }
        // And a format-2 snapshot of the restored extractor reads back.
        assertThat(ChannelFeatureExtractor.restore(restored.snapshot(), ONE_PATCH).segmentCount()).isEqualTo(1 + after.size());
    }
}
