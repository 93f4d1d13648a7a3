package io.serstreams.featureextractor.features;

import io.serstreams.featureextractor.testing.Signals;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentationTest {
    private static final int RATE = 16000;
    /** One-patch segments, so short test signals give several. */
    private static final FeatureConfig ONE_PATCH = FeatureConfig.DEFAULT.withSegments(96, 96);

    @Test
    void silenceIsSkippedAndSpeechIsCut() {
        float[] audio = Signals.concat(Signals.voice(150, 2 * RATE, RATE, 1), new float[4 * RATE], Signals.voice(150, 2 * RATE, RATE, 2));
        List<Segment> segments = ChannelFeatureExtractor.segmentsOf(audio, RATE, ONE_PATCH);
        assertThat(segments).isNotEmpty();
        assertThat(segments).allSatisfy(s -> {
            assertThat(s.voicedRatio()).isGreaterThanOrEqualTo(0.3f);
            // Nothing from the middle of the pause.
            assertThat(s.startMs() >= 2500 && s.endMs() <= 5600).isFalse();
        });
        assertThat(segments.stream().filter(s -> s.startMs() < 2000)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(segments.stream().filter(s -> s.startMs() >= 6000)).hasSizeGreaterThanOrEqualTo(1);
        for (int i = 0; i < segments.size(); i++) {
            assertThat(segments.get(i).index()).isEqualTo(i);
        }
        Segment first = segments.get(0);
        assertThat(first.frames()).isEqualTo(96);
        assertThat(first.endSample() - first.startSample()).isEqualTo(95 * 160 + 400);
        assertThat(first.descriptors()).hasSize(96 * FrameDescriptor.COUNT);
        assertThat(first.logMel()).hasSize(96 * 64);
    }

    @Test
    void silenceAloneGivesNothing() {
        assertThat(ChannelFeatureExtractor.segmentsOf(new float[10 * RATE], RATE, FeatureConfig.DEFAULT)).isEmpty();
        float[] hiss = Signals.tone(3000, 0.0005, 5 * RATE, RATE); // -69 dBFS: below the absolute floor
        assertThat(ChannelFeatureExtractor.segmentsOf(hiss, RATE, FeatureConfig.DEFAULT)).isEmpty();
    }

    @Test
    void aShortLastUtteranceBecomesAPaddedSegment() {
        float[] yes = Signals.voice(200, RATE * 7 / 10, RATE, 5);
        List<Segment> segments = ChannelFeatureExtractor.segmentsOf(yes, RATE, FeatureConfig.DEFAULT);
        assertThat(segments).singleElement().satisfies(s -> {
            assertThat(s.frames()).isEqualTo(1 + (yes.length - 400) / 160);
            assertThat(s.patches()).isEqualTo(1);
            assertThat(s.descriptors()).hasSize(s.frames() * FrameDescriptor.COUNT);
            float silence = (float) Math.log(0.01);
            float[] padding = Arrays.copyOfRange(s.logMel(), s.frames() * 64, 96 * 64);
            for (float v : padding) {
                assertThat(v).isEqualTo(silence);
            }
        });
    }

    @Test
    void anUtteranceTooShortToJudgeIsDropped() {
        float[] blip = Signals.voice(200, RATE * 3 / 10, RATE, 6);
        assertThat(ChannelFeatureExtractor.segmentsOf(blip, RATE, FeatureConfig.DEFAULT)).isEmpty();
    }

    @Test
    void concealedAudioIsCountedInTheSegmentThatHoldsIt() {
        ChannelFeatureExtractor extractor = new ChannelFeatureExtractor(ONE_PATCH, 8000);
        List<Segment> segments = new ArrayList<>();
        float[] voice = Signals.voice(150, 8000, 8000, 7);
        extractor.accept(voice, 0, 4000, segments::add);
        extractor.concealGap(1600, segments::add); // 200 ms missing at 0.5 s
        extractor.accept(voice, 4000, 4000, segments::add);
        extractor.finish(segments::add);
        assertThat(segments).isNotEmpty();
        assertThat(segments.get(0).startMs()).isZero();
        assertThat(segments.get(0).concealedMillis()).isEqualTo(200);
        assertThat(segments.stream().skip(1)).allSatisfy(s -> assertThat(s.concealedMillis()).isZero());
    }

    @Test
    void aLongGapEndsTheRunAndTimeKeepsCounting() {
        ChannelFeatureExtractor extractor = new ChannelFeatureExtractor(ONE_PATCH, RATE);
        List<Segment> segments = new ArrayList<>();
        float[] voice = Signals.voice(150, RATE * 3 / 2, RATE, 8);
        extractor.accept(voice, 0, voice.length, segments::add);
        extractor.skipGap(5L * RATE, segments::add);
        int beforeGap = segments.size();
        extractor.accept(voice, 0, voice.length, segments::add);
        extractor.finish(segments::add);
        // 1.5 s before the gap: one full segment and a tail (0.5 s) emitted when the gap ends the run.
        assertThat(beforeGap).isEqualTo(2);
        assertThat(segments.get(1).endMs()).isLessThanOrEqualTo(1500);
        List<Segment> after = segments.subList(beforeGap, segments.size());
        assertThat(after).isNotEmpty().allSatisfy(s -> assertThat(s.startMs()).isGreaterThanOrEqualTo(6500));
        assertThat(after.get(0).startMs()).isEqualTo(6500);
    }

    @Test
    void descriptorsDescribeTheVoice() {
        List<Segment> segments = ChannelFeatureExtractor.segmentsOf(Signals.voice(140, 2 * RATE, RATE, 9), RATE, ONE_PATCH);
        Segment s = segments.get(0);
        List<Float> pitches = new ArrayList<>();
        for (int f = 0; f < s.frames(); f++) {
            int row = f * FrameDescriptor.COUNT;
            float voiced = s.descriptors()[row + FrameDescriptor.VOICED.offset()];
            assertThat(voiced).isIn(0f, 1f);
            if (s.descriptors()[row + FrameDescriptor.VOICING.offset()] > 0) {
                pitches.add(s.descriptors()[row + FrameDescriptor.PITCH.offset()]);
            }
        }
        assertThat(pitches).hasSizeGreaterThan(s.frames() / 2);
        pitches.sort(Float::compare);
        double medianHz = 100 * Math.pow(2, pitches.get(pitches.size() / 2));
        assertThat(medianHz).isBetween(120.0, 160.0); // 140 Hz, gliding +-10%
        assertThat(FrameDescriptor.columnNames()).hasSize(FrameDescriptor.COUNT).startsWith("mfcc_0").endsWith("vad");
        assertThat(FrameDescriptor.COUNT).isBetween(30, 60);
    }
}
