package io.serstreams.trainer.data;

import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.featureextractor.features.TelephoneLine;
import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.labels.UtteranceLabels;
import io.serstreams.trainer.testing.SyntheticVoice;
import io.serstreams.trainer.testing.TestWav;
import io.serstreams.trainer.train.SegmentSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A telephone copy of an utterance is heard at 8 kHz and is segmented and cached apart from the recording. */
class UtteranceLineTest {
    @TempDir
    Path dir;

    @Test
    void aTelephoneCopyIsHeardAt8KHzAndKeptApartFromTheRecording() throws Exception {
        Path file = dir.resolve("voice.wav");
        TestWav.write(file, SyntheticVoice.of(180, 0.4, 0.5, 0.3, 0.01, 0.002, 3 * 16000, new Random(3)), 16000);
        Utterance recorded = new Utterance(file, "emodb", "03", UtteranceLabels.of(Emotion.ANGRY));
        Utterance phoned = recorded.over(TelephoneLine.MU_LAW);

        assertThat(recorded.read().sampleRate()).isEqualTo(16000);
        assertThat(phoned.read().sampleRate()).isEqualTo(8000);
        assertThat(phoned.read().durationSeconds()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(phoned.copyKey()).isNotEqualTo(recorded.copyKey()).startsWith(recorded.copyKey());
        assertThat(phoned.over(TelephoneLine.WIDEBAND)).isEqualTo(recorded);

        SegmentSource segments = SegmentSource.remembering(FeatureConfig.DEFAULT);
        List<Segment> wide = segments.of(recorded);
        List<Segment> narrow = segments.of(phoned);
        assertThat(wide).isNotEmpty();
        assertThat(narrow).hasSameSizeAs(wide);
        // The copy's own features (what the pipeline computes from 8 kHz audio), not the recording's kept ones.
        assertThat(narrow.get(0).logMel()).isNotEqualTo(wide.get(0).logMel());
        assertThat(segments.of(phoned)).isSameAs(narrow);
    }
}
