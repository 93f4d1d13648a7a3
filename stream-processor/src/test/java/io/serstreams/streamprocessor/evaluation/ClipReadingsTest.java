package io.serstreams.streamprocessor.evaluation;

import io.serstreams.schema.Channel;
import io.serstreams.schema.ChannelRole;
import io.serstreams.schema.DimensionEstimate;
import io.serstreams.schema.DomainMatch;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.InferenceTimings;
import io.serstreams.schema.LabelProbability;
import io.serstreams.schema.SegmentTimings;
import io.serstreams.streamprocessor.replay.CallRecording;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Events back to clips: by overlap, the mean of probabilities, the profile most events had; and the report's rows over them. */
class ClipReadingsTest {
    private static final List<String> CLASSES = List.of("neutral", "happy", "angry", "sad");
    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");
    private static final LabelledClip ANGRY = new LabelledClip(Path.of("a.flac"), "s1", "angry");
    private static final LabelledClip SAD = new LabelledClip(Path.of("b.flac"), "s1", "sad");
    private static final LabelledClip BORED = new LabelledClip(Path.of("c.flac"), "s1", "boredom");
    private static final EvaluationCall CALL = new EvaluationCall(new CallRecording("eval-x-s1", 12, List.of()),
            List.of(new ClipSpan(ANGRY, 1000, 3500), new ClipSpan(SAD, 6000, 8000), new ClipSpan(BORED, 10500, 11500)));

    static EmotionEvent event(String call, int index, long start, long end, String profile, float... probabilities) {
        List<LabelProbability> p = new java.util.ArrayList<>();
        for (int c = 0; c < probabilities.length; c++) {
            p.add(new LabelProbability(CLASSES.get(c), probabilities[c]));
        }
        return EmotionEvent.newBuilder().setCallId(call).setChannel(new Channel(0, ChannelRole.CUSTOMER)).setSegmentIndex(index)
                .setStartMs(start).setEndMs(end).setEmotion("x").setProbabilities(p)
                .setArousal(new DimensionEstimate("high", List.of(), 0.5f)).setValence(new DimensionEstimate("negative", List.of(), -0.5f))
                .setNearestDomain(new DomainMatch("emodb", 0.9f, false)).setModelVersion("m").setDomainProfile(profile)
                .setSegmentTimings(new SegmentTimings(T, T, T, T)).setInferenceTimings(new InferenceTimings(T, T, T, 1)).build();
    }

    @Test
    void aClipIsReadAsTheMeanOfTheEventsItsSegmentsOverlapMost() {
        // Two segments over the angry clip: one says happy strongly, one angry; their mean is angry.
        List<EmotionEvent> events = List.of(
                event("eval-x-s1", 0, 0, 1920, null, 0.1f, 0.5f, 0.4f, 0f),
                event("eval-x-s1", 1, 1920, 3840, null, 0.0f, 0.2f, 0.8f, 0f),
                event("eval-x-s1", 3, 5760, 7680, "tenant=t", 0.1f, 0.1f, 0.1f, 0.7f),
                event("another-call", 0, 0, 1920, null, 1f, 0f, 0f, 0f));
        ClipReadings.Pass pass = ClipReadings.of(List.of(CALL), events, CLASSES);
        assertThat(pass.readings()).extracting(ClipReading::clip, ClipReading::predicted, ClipReading::profile, ClipReading::events)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ANGRY, "angry", null, 2), org.assertj.core.groups.Tuple.tuple(SAD, "sad", "tenant=t", 1));
        assertThat(pass.clipsWithoutSpeechEvent()).isEqualTo(1);
    }

    @Test
    void noSpeechEventsAndEventsBetweenClipsAreCountedNotRead() {
        EmotionEvent silence = EmotionEvent.newBuilder(event("eval-x-s1", 2, 3840, 5760, null)).setSpeech(false).setEmotion("none").build();
        EmotionEvent between = event("eval-x-s1", 4, 8100, 10000, null, 1f, 0f, 0f, 0f);
        ClipReadings.Pass pass = ClipReadings.of(List.of(CALL), List.of(silence, between), CLASSES);
        assertThat(pass.readings()).isEmpty();
        assertThat(pass.noSpeechEvents()).isEqualTo(1);
        assertThat(pass.eventsOutsideClips()).isEqualTo(1);
        assertThat(pass.clipsWithoutSpeechEvent()).isEqualTo(3);
    }

    @Test
    void aClipStraddlingTheTakeoverGoesWithMostOfItsEvents() {
        List<EmotionEvent> events = List.of(event("eval-x-s1", 0, 1000, 2000, null, 0f, 0f, 1f, 0f),
                event("eval-x-s1", 1, 2000, 3000, null, 0f, 0f, 1f, 0f), event("eval-x-s1", 2, 3000, 3500, "tenant=t", 0f, 0f, 1f, 0f));
        assertThat(ClipReadings.of(List.of(CALL), events, CLASSES).readings().get(0).onProfile()).isFalse();
        List<EmotionEvent> tied = List.of(events.get(0), events.get(2));
        assertThat(ClipReadings.of(List.of(CALL), tied, CLASSES).readings().get(0).profile()).isEqualTo("tenant=t");
    }

    @Test
    void theReportScoresEachSideOfTheTakeoverAgainstTheSameClipsOnThePool() {
        ClipReadings.Pass pool = new ClipReadings.Pass(List.of(new ClipReading(ANGRY, "neutral", null, 1), new ClipReading(SAD, "sad", null, 1),
                new ClipReading(BORED, "sad", null, 1)), 0, 0, 0);
        ClipReadings.Pass takeover = new ClipReadings.Pass(List.of(new ClipReading(ANGRY, "neutral", null, 1), new ClipReading(SAD, "angry", "tenant=t", 1),
                new ClipReading(BORED, "sad", "tenant=t", 1)), 0, 0, 0);
        ClipReadings.Pass profile = new ClipReadings.Pass(List.of(new ClipReading(ANGRY, "angry", "tenant=t", 1), new ClipReading(SAD, "sad", "tenant=t", 1)), 0, 0, 0);
        StreamEvaluation.Result result = new StreamEvaluation.Result("t", "tenant=t", CLASSES, "m 1",
                io.serstreams.streamprocessor.profiles.ProfileSettings.OFF, 3, 12, pool, takeover, profile);
        List<StreamEvaluationReport.Row> rows = StreamEvaluationReport.rows(result);
        // Boredom is no class of the model: it plays, but is never scored.
        assertThat(rows).extracting(StreamEvaluationReport.Row::clips).containsExactly(2, 1, 1, 1, 1, 2);
        // The pool calls angry neutral and gets sad right: F1 sad 1, neutral 0, angry 0 -> 1/3.
        assertThat(rows.get(0).macroF1().orElseThrow()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(rows.get(1).macroF1().orElseThrow()).isCloseTo(0.0, within(1e-9));
        assertThat(rows.get(3).macroF1().orElseThrow()).isCloseTo(0.0, within(1e-9));
        assertThat(rows.get(4).macroF1().orElseThrow()).isCloseTo(1.0, within(1e-9));
        assertThat(rows.get(5).macroF1().orElseThrow()).isCloseTo(1.0, within(1e-9));
        assertThat(StreamEvaluationReport.markdown(result, "./ser stream-evaluate ...")).contains("| takeover pass: clips read after the profile took over | 1 | 0.000 | 0.000 |");
    }
}
