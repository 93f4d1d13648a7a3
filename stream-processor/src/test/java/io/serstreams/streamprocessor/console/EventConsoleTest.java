package io.serstreams.streamprocessor.console;

import io.serstreams.schema.Channel;
import io.serstreams.schema.ChannelRole;
import io.serstreams.schema.DimensionEstimate;
import io.serstreams.schema.DomainMatch;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.InferenceTimings;
import io.serstreams.schema.LabelProbability;
import io.serstreams.schema.SegmentTimings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo console's line for an emotion event, and for a segment in which no speech was found. */
class EventConsoleTest {
    private static final Instant T = Instant.parse("2026-12-02T09:00:10Z");

    private static EmotionEvent.Builder event() {
        return EmotionEvent.newBuilder().setCallId("support-call-1").setChannel(new Channel(1, ChannelRole.CUSTOMER)).setSegmentIndex(3)
                .setStartMs(5800).setEndMs(7700).setEmotion("angry")
                .setProbabilities(List.of(new LabelProbability("neutral", 0.19f), new LabelProbability("angry", 0.81f)))
                .setArousal(new DimensionEstimate("high", List.of(), 0.62f)).setValence(new DimensionEstimate("negative", List.of(), -0.70f))
                .setNearestDomain(new DomainMatch("ravdess", 0.93f, false)).setModelVersion("mpgln-1")
                .setSegmentTimings(new SegmentTimings(T, T, T, T)).setInferenceTimings(new InferenceTimings(T, T, T, 4));
    }

    @Test
    void anEmotionEventShowsItsReading() {
        String line = EventConsole.line(event().build(), T.toEpochMilli() + 312);
        assertThat(line).startsWith("support-call-1").contains("customer", "#3", "0:05.8-0:07.7", "angry   0.81", "arousal high +0.62",
                "valence negative -0.70", "ravdess 0.93", "batch 4", "312 ms");
    }

    @Test
    void aSegmentWithoutSpeechSaysSoAndClaimsNoEmotion() {
        EmotionEvent none = event().setSpeech(false).setNoSpeechReason("no voice pitch (0% of active frames pitched): noise or music")
                .setEmotion("none").setProbabilities(List.of()).build();
        String line = EventConsole.line(none, T.toEpochMilli());
        assertThat(line).startsWith("support-call-1").contains("customer", "#3", "0:05.8-0:07.7")
                .endsWith("no speech: no voice pitch (0% of active frames pitched): noise or music");
        assertThat(line).doesNotContain("angry", "arousal", "valence");
    }
}
