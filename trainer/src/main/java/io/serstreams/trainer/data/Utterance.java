package io.serstreams.trainer.data;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.features.TelephoneLine;
import io.serstreams.trainer.labels.UtteranceLabels;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One recording of a corpus, with who speaks and what is known of its emotion, as it reaches the
 * model: over a wideband line (the file as it is) or as a telephone copy.
 *
 * @param file    the audio file (WAV or FLAC, any rate)
 * @param domain  the corpus or source it belongs to
 * @param speaker speaker id within the domain, as {@code splits.csv} names it
 * @param line    the line the recording is heard over
 */
public record Utterance(Path file, String domain, String speaker, UtteranceLabels labels, TelephoneLine line) {
    public Utterance {
        Objects.requireNonNull(line, "line");
    }

    /** The recording as it is (wideband). */
    public Utterance(Path file, String domain, String speaker, UtteranceLabels labels) {
        this(file, domain, speaker, labels, TelephoneLine.WIDEBAND);
    }

    /** The same recording heard over {@code other}. */
    public Utterance over(TelephoneLine other) {
        return new Utterance(file, domain, speaker, labels, other);
    }

    /** The audio as the model hears it: the file decoded, then sent over the line. */
    public DecodedAudio read() throws AudioFormatException {
        return line.transmit(AudioFiles.read(file));
    }

    /** Names this copy of the recording: the file's absolute path, with the line unless wideband. */
    public String copyKey() {
        String path = file.toAbsolutePath().normalize().toString();
        return line == TelephoneLine.WIDEBAND ? path : path + "@" + line.label();
    }
}
