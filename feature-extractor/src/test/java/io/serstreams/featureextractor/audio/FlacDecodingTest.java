package io.serstreams.featureextractor.audio;

import io.serstreams.featureextractor.testing.FlacWriter;
import io.serstreams.featureextractor.testing.SharedData;
import io.serstreams.featureextractor.testing.Signals;
import io.serstreams.featureextractor.testing.StdoutCapture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** FLAC decoding: generated streams (escape-coded residuals, where jFLAC prints) and the corpora's real files. */
class FlacDecodingTest {
    private static final int RATE = 16000;
    private final float[] left = Signals.voice(150, RATE * 2, RATE, 1);
    private final float[] right = Signals.voice(220, RATE * 2, RATE, 2);
    private final byte[] flac = FlacWriter.write(new float[][]{left, right}, RATE);

    @Test
    void decodesGeneratedFlacAndPrintsNothing() {
        StdoutCapture.Captured<DecodedAudio> run = StdoutCapture.of(() -> AudioFiles.decode(flac, "call.flac"));
        assertThat(run.stdout()).isEmpty();
        DecodedAudio audio = run.value();
        assertThat(audio.sampleRate()).isEqualTo(RATE);
        assertThat(audio.channelCount()).isEqualTo(2);
        assertThat(audio.frames()).isEqualTo(left.length);
        for (int i = 0; i < left.length; i++) {
            assertThat(audio.channels()[0][i]).isCloseTo(left[i], org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(audio.channels()[1][i]).isCloseTo(right[i], org.assertj.core.data.Offset.offset(1e-4f));
        }
    }

    @Test
    void corruptDataIsReportedAsCorruptWithItsPlaceAndNothingOnStdout() {
        byte[] damaged = flac.clone();
        int frameBytes = 2 + 2 + 1 + 2 + 1 + 2 * (1 + 2 + FlacWriter.BLOCK_SIZE * 2) + 2; // header, two subframes, CRC
        int third = 42 + 2 * frameBytes; // after "fLaC", STREAMINFO and two frames
        for (int i = third + 1000; i < third + 1010; i++) {
            damaged[i] ^= (byte) 0x5A;
        }
        StdoutCapture.Captured<AudioFormatException> run = StdoutCapture.of(() ->
                catchThrowableOfType(() -> AudioFiles.decode(damaged, "damaged.flac"), AudioFormatException.class));
        assertThat(run.stdout()).isEmpty();
        assertThat(run.value()).isNotNull();
        assertThat(run.value().getMessage())
                .isEqualTo("damaged.flac: corrupt FLAC data in the frame at byte " + third
                        + " (0:00.51 into the audio): frame checksum (CRC-16) mismatch")
                .doesNotContain("truncated");
    }

    @Test
    void aFlacStreamThatStopsEarlyIsReportedAsTruncated() {
        assertThatThrownBy(() -> AudioFiles.decode(Arrays.copyOf(flac, flac.length * 2 / 3), "cut.flac"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage("cut.flac: truncated: 20480 of 32000 samples decode; the data ends at byte " + flac.length * 2 / 3 + ", 0:01.28 into the audio");
        assertThatThrownBy(() -> AudioFiles.decode(Arrays.copyOf(flac, 30), "stub.flac"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage("stub.flac: truncated or corrupt: the FLAC metadata blocks run past the end of the data, 30 bytes");
    }

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
    void aTruncatedCorpusFlacIsReportedAsSuch() throws Exception {
        Path file = SharedData.require("corpora/ravdess/Actor_01/03-01-01-01-01-01-01.flac");
        byte[] data = Files.readAllBytes(file);
        assertThatThrownBy(() -> AudioFiles.decode(Arrays.copyOf(data, data.length / 2), "half.flac"))
                .isInstanceOf(AudioFormatException.class).hasMessageStartingWith("half.flac: truncated: ");
    }

    @Test
    void aCorruptCorpusFlacIsReportedAsCorruptAndPrintsNothing() throws Exception {
        Path file = SharedData.require("corpora/ravdess/Actor_01/03-01-01-01-01-01-01.flac");
        byte[] data = Files.readAllBytes(file);
        for (int i = data.length / 2; i < data.length / 2 + 64; i++) {
            data[i] = (byte) (i * 37);
        }
        StdoutCapture.Captured<AudioFormatException> run = StdoutCapture.of(() ->
                catchThrowableOfType(() -> AudioFiles.decode(data, "damaged.flac"), AudioFormatException.class));
        assertThat(run.stdout()).isEmpty();
        assertThat(run.value().getMessage()).startsWith("damaged.flac: corrupt FLAC data in the frame at byte ")
                .doesNotContain("truncated");
    }
}
