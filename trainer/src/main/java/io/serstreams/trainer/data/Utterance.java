package io.serstreams.trainer.data;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.features.TelephoneLine;
import io.serstreams.trainer.augment.ChannelCondition;
import io.serstreams.trainer.labels.UtteranceLabels;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One recording of a corpus, with who speaks and what is known of its emotion, as it reaches the
 * model: the file as it is, a telephone copy (for scoring), or a training copy through a simulated
 * channel (augmentation).
 *
 * @param file      the audio file (WAV or FLAC, any rate)
 * @param domain    the corpus or source it belongs to
 * @param speaker   speaker id within the domain, as {@code splits.csv} names it
 * @param line      the line the recording is heard over
 * @param condition the simulated channel of a training copy; null for the recording itself
 */
public record Utterance(Path file, String domain, String speaker, UtteranceLabels labels, TelephoneLine line, ChannelCondition condition) {
    public Utterance {
        Objects.requireNonNull(line, "line");
    }

    /** The recording as it is (wideband). */
    public Utterance(Path file, String domain, String speaker, UtteranceLabels labels) {
        this(file, domain, speaker, labels, TelephoneLine.WIDEBAND, null);
    }

    /** The same recording heard over {@code other}. */
    public Utterance over(TelephoneLine other) {
        return new Utterance(file, domain, speaker, labels, other, condition);
    }

    /** Each of {@code utterances} heard over {@code line}. */
    public static List<Utterance> heardOver(List<Utterance> utterances, TelephoneLine line) {
        return utterances.stream().map(u -> u.over(line)).toList();
    }

    /** A training copy of the recording through {@code channel}. */
    public Utterance through(ChannelCondition channel) {
        return new Utterance(file, domain, speaker, labels, line, channel);
    }

    /** The audio as the model hears it: the file decoded, through the simulated channel if any, then sent over the line. */
    public DecodedAudio read() throws AudioFormatException {
        DecodedAudio audio = AudioFiles.read(file);
        return line.transmit(condition == null ? audio : condition.apply(audio));
    }

    /** Names this copy of the recording: the file's absolute path, with the channel and the line where there are. */
    public String copyKey() {
        String path = file.toAbsolutePath().normalize().toString();
        return path + (condition == null ? "" : "~" + condition.key()) + (line == TelephoneLine.WIDEBAND ? "" : "@" + line.label());
    }
}
