package io.serstreams.featureextractor.audio;

import io.serstreams.featureextractor.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FLAC decoding on the corpora's real files. */
class FlacDecodingTest {

    @Test
    void decodesCorpusFlac() {
        Path file = SharedData.require("corpora/emodb/wav/03a01Fa.flac");
        DecodedAudio audio = AudioFiles.read(file);
        assertThat(audio.sampleRate()).isEqualTo(16000);
        assertThat(audio.channelCount()).isEqualTo(1);
        assertThat(audio.durationSeconds()).isEqualTo(2.0); // this copy of EmoDB is cut or padded to 2.0 s
        double peak = 0;
        for (float x : audio.channels()[0]) {
            peak = Math.max(peak, Math.abs(x));
        }
        assertThat(peak).isBetween(0.01, 1.0);
    }

    @Test
    void aTruncatedFlacFileIsReportedAsSuch() throws Exception {
        Path file = SharedData.require("corpora/ravdess/Actor_01/03-01-01-01-01-01-01.flac");
        byte[] data = Files.readAllBytes(file);
        assertThatThrownBy(() -> AudioFiles.decode(Arrays.copyOf(data, data.length / 2), "half.flac"))
                .isInstanceOf(AudioFormatException.class).hasMessageStartingWith("half.flac: ");
    }
}
