package io.serstreams.modelserver.testing;

import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.Segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Real segments from the feature extractor, over generated voice-like audio of varied length. */
public final class Speech {
    private Speech() {
    }

    /** Segments of varied lengths: full two-patch segments and shorter tails of one patch. */
    public static List<Segment> segments(int count, long seed) {
        Random random = new Random(seed);
        List<Segment> segments = new ArrayList<>();
        while (segments.size() < count) {
            int samples = 16000 * 2 / 3 + random.nextInt(16000 * 3);
            segments.addAll(ChannelFeatureExtractor.segmentsOf(voice(100 + random.nextInt(150), samples, random.nextLong()), 16000, FeatureConfig.DEFAULT));
        }
        return segments.subList(0, count);
    }

    /** Voice-like audio at 16 kHz. */
    public static float[] voiceFor(double f0, int samples, long seed) {
        return voice(f0, samples, seed);
    }


    static float[] voice(double f0, int samples, long seed) {
        Random random = new Random(seed);
        float[] out = new float[samples];
        double phase = 0;
        for (int i = 0; i < samples; i++) {
            double t = i / 16000.0;
            phase += 2 * Math.PI * f0 * (1 + 0.1 * Math.sin(2 * Math.PI * 0.7 * t)) / 16000;
            double sum = 0;
            for (int h = 1; h <= 8; h++) {
                sum += Math.sin(h * phase) / h;
            }
            out[i] = (float) (0.25 * (0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t)) * sum + 0.003 * random.nextGaussian());
        }
        return out;
    }
}
