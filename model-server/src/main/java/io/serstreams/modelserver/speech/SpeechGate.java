package io.serstreams.modelserver.speech;

import java.util.Locale;

/**
 * Decides whether a segment the voice activity detector let through holds speech, so that noise,
 * music and telephone tones never come out as an emotion. The one implementation behind the serving
 * engine, and so behind {@code ser classify}, {@code serve-model}, the trainer's scoring and the stream.
 *
 * <p>Every model is judged on its segment's pitch ({@link PitchEvidence}, from the frame descriptors
 * every segment carries); a model over a pre-trained AudioSet tagger (mn04) is also judged on the
 * tagger's own reading of the segment ({@link AudioSetEvidence}). A segment is not speech when any of
 * these holds:
 * <ul>
 *   <li>fewer than {@code minPitchedShare} of its active frames have a pitch (noise, polyphonic music);</li>
 *   <li>more than {@code maxSteadyShare} of its pitched neighbours keep the same pitch (DTMF, held notes);</li>
 *   <li>its pitch spreads over less than {@code minPitchSpread} octaves (a ring-back or dial tone);</li>
 *   <li>the tagger gives "Speech" less than {@code minAudioSetSpeech} and one non-speech class at least
 *   {@code minAudioSetOther} (music, telephone tones, noise, silence: it is sure of something else).</li>
 * </ul>
 * The thresholds were set from the generated non-speech signals and a sample of corpus recordings, leaving the
 * pitch bounds outside what corpus speech reaches. The tagger's "Speech" is no clean divide on its own (1.2% of
 * corpus speech segments score under 0.05, as low as the generated tones), so its rule asks for a confident other
 * class as well: it catches music the pitch rules could miss (a melody, singing) without dropping corpus speech
 * (figures in {@code docs/performance.md}).
 */
public record SpeechGate(double minPitchedShare, double maxSteadyShare, double minPitchSpread, double minAudioSetSpeech,
                         double minAudioSetOther) {
    /** The gate the engine runs. */
    public static final SpeechGate DEFAULT = new SpeechGate(0.05, 0.6, 0.008, 0.05, 0.5);

    /** The verdict on a segment's frame descriptors ({@code frames} rows) and, where the model has one, its AudioSet logits (else null). */
    public SpeechVerdict judge(float[] descriptors, int frames, float[] audioSetLogits) {
        PitchEvidence pitch = PitchEvidence.of(descriptors, frames);
        if (pitch.pitchedShare() < minPitchedShare) {
            return SpeechVerdict.noSpeech(String.format(Locale.ROOT, "no voice pitch (%.0f%% of active frames pitched): noise or music",
                    100 * pitch.pitchedShare()));
        }
        if (pitch.steadyShare() > maxSteadyShare) {
            return SpeechVerdict.noSpeech(String.format(Locale.ROOT, "a pitch that stands still (%.0f%% of steps unchanged): tones such as DTMF",
                    100 * pitch.steadyShare()));
        }
        if (pitch.pitchSpread() < minPitchSpread) {
            return SpeechVerdict.noSpeech(String.format(Locale.ROOT, "one unchanging pitch (spread %.3f octaves): a ring or dial tone",
                    pitch.pitchSpread()));
        }
        if (audioSetLogits != null) {
            AudioSetEvidence tags = AudioSetEvidence.of(audioSetLogits);
            if (tags.speech() < minAudioSetSpeech && tags.other() >= minAudioSetOther) {
                return SpeechVerdict.noSpeech(String.format(Locale.ROOT, "AudioSet tags %s %.2f, Speech %.2f", tags.otherLabel(), tags.other(),
                        tags.speech()));
            }
        }
        return SpeechVerdict.SPEECH;
    }
}
