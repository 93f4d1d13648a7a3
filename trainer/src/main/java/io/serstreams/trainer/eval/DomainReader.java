package io.serstreams.trainer.eval;

import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.modelserver.classify.FileClassifier;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.engine.SegmentPrediction;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs recordings through the served engine, segmented as the pipeline segments them (or with every
 * window kept), and keeps each segment's {@link DomainReading}.
 */
public final class DomainReader {
    private final InferenceEngine engine;
    private final int batch;

    public DomainReader(InferenceEngine engine, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        this.engine = engine;
        this.batch = batch;
    }

    /** The readings of the segments the pipeline would emit from {@code audio}, every channel in turn. */
    public List<DomainReading> read(DecodedAudio audio) {
        return read(audio, engine.features());
    }

    /**
     * The readings of every segment-long window of {@code audio}, voiced or not: the detector's view of
     * a sound the voice activity detector would mostly drop (silence, steady noise).
     */
    public List<DomainReading> readEveryWindow(DecodedAudio audio) {
        return read(audio, engine.features().withMinVoicedRatio(0));
    }

    private List<DomainReading> read(DecodedAudio audio, FeatureConfig segmentation) {
        List<DomainReading> out = new ArrayList<>();
        for (float[] samples : audio.channels()) {
            List<Segment> segments = ChannelFeatureExtractor.segmentsOf(samples, audio.sampleRate(), segmentation);
            float[] encoderAudio = FileClassifier.encoderAudio(engine, samples, audio.sampleRate());
            for (int start = 0; start < segments.size(); start += batch) {
                List<SegmentInput> inputs = FileClassifier.inputsOf(segments.subList(start, Math.min(segments.size(), start + batch)), encoderAudio);
                List<SegmentPrediction> predictions = engine.predict(inputs);
                List<float[][]> embeddings = engine.embeddings(inputs);
                for (int i = 0; i < inputs.size(); i++) {
                    SegmentPrediction p = predictions.get(i);
                    out.add(new DomainReading(p.domainProbabilities(), meanRow(embeddings.get(i)), p.speech().speech()));
                }
            }
        }
        return out;
    }

    private static float[] meanRow(float[][] rows) {
        float[] mean = new float[rows[0].length];
        for (float[] row : rows) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += row[i] / rows.length;
            }
        }
        return mean;
    }
}
