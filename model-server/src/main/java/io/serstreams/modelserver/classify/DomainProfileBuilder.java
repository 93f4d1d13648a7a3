package io.serstreams.modelserver.classify;

import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.profile.DomainProfile;
import io.serstreams.modelserver.profile.ProfileDecay;
import io.serstreams.modelserver.profile.ProfileMoments;

/**
 * Makes a {@link DomainProfile} from unlabelled recordings of one domain: each is read with the
 * training pool's statistics, and every segment the speech gate finds speech in is added (silence,
 * noise, music and tones never are). Labels are never read.
 */
public final class DomainProfileBuilder {
    private final InferenceEngine engine;
    private final FileClassifier reader;
    private ProfileMoments moments;
    private int recordings;

    public DomainProfileBuilder(InferenceEngine engine, int batchSize) {
        this.engine = engine;
        this.reader = new FileClassifier(engine, batchSize);
        this.moments = ProfileMoments.empty(engine.manifest());
    }

    /** Adds the speech segments of every channel of {@code audio}. */
    public void add(DecodedAudio audio) {
        add(reader.classify(audio));
    }

    /** Adds the speech segments of a recording already read with the training pool's statistics. */
    public void add(FileClassifier.FileResult result) {
        int melBands = engine.features().melBands();
        for (FileClassifier.SegmentResult s : result.segments()) {
            if (s.prediction().speech().speech()) {
                double seconds = (s.segment().endSample() - s.segment().startSample()) / (double) s.segment().sampleRate();
                moments = moments.plus(SegmentInput.of(s.segment()), s.prediction().encoderOutput(), melBands, seconds, ProfileDecay.NONE);
            }
        }
        recordings++;
    }

    /** Recordings added so far. */
    public int recordings() {
        return recordings;
    }

    /** Speech added so far, in seconds. */
    public double speechSeconds() {
        return moments.speechSeconds();
    }

    /**
     * The profile of what was added, named {@code domain}.
     *
     * @throws IllegalStateException when no speech was added
     */
    public DomainProfile build(String domain) {
        if (moments.segments() == 0) {
            throw new IllegalStateException("no speech in the " + recordings + " recordings given to make domain profile '" + domain + "' from");
        }
        return moments.profile(domain, engine.manifest());
    }
}
