package io.serstreams.featureextractor.audio;

import io.serstreams.featureextractor.testing.Signals;
import io.serstreams.featureextractor.testing.WavWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AudioDecodingTest {
    private final float[] left = Signals.tone(440, 0.5, 800, 8000);
    private final float[] right = Signals.tone(1000, 0.25, 800, 8000);

    @ParameterizedTest(name = "format {0}, {1} bits, extensible {2}: max error {3}")
    @CsvSource({
            "1, 8, false, 0.01",
            "1, 16, false, 0.0001",
            "1, 24, false, 0.000001",
            "1, 32, false, 0.000001",
            "3, 32, false, 0",
            "3, 64, false, 0.0000001",
            "7, 8, false, 0.02",
            "6, 8, false, 0.02",
            "1, 16, true, 0.0001",
            "3, 32, true, 0"})
    void decodesEveryWavEncodingAndSplitsChannels(int tag, int bits, boolean extensible, double tolerance) {
        byte[] wav = WavWriter.write(new float[][]{left, right}, 8000, tag, bits, extensible);
        DecodedAudio audio = AudioFiles.decode(wav, "call.wav");
        assertThat(audio.sampleRate()).isEqualTo(8000);
        assertThat(audio.channelCount()).isEqualTo(2);
        assertThat(audio.frames()).isEqualTo(800);
        for (int i = 0; i < 800; i++) {
            assertThat((double) audio.channels()[0][i]).isCloseTo(left[i], org.assertj.core.data.Offset.offset(tolerance + 1e-9));
            assertThat((double) audio.channels()[1][i]).isCloseTo(right[i], org.assertj.core.data.Offset.offset(tolerance + 1e-9));
        }
    }

    @Test
    void g711DecodingMatchesTheStandardsCodePoints() {
        assertThat(SampleEncoding.MULAW.decode(new byte[]{(byte) 0xFF}, 0)).isZero();
        assertThat(SampleEncoding.MULAW.decode(new byte[]{0x00}, 0) * 32768).isEqualTo(-32124f);
        assertThat(SampleEncoding.MULAW.decode(new byte[]{(byte) 0x80}, 0) * 32768).isEqualTo(32124f);
        assertThat(SampleEncoding.ALAW.decode(new byte[]{(byte) 0xD5}, 0) * 32768).isEqualTo(8f);
        assertThat(SampleEncoding.ALAW.decode(new byte[]{(byte) 0x55}, 0) * 32768).isEqualTo(-8f);
        assertThat(SampleEncoding.ALAW.decode(new byte[]{(byte) 0xAA}, 0) * 32768).isEqualTo(32256f);
        // And our test encoder round-trips through the decoder.
        byte[] mu = G711Encoder.encode(left, true);
        for (int i = 0; i < mu.length; i++) {
            assertThat(SampleEncoding.MULAW.decode(mu, i)).isCloseTo(left[i], org.assertj.core.data.Offset.offset(0.02f));
        }
    }

    @Test
    void floatWavSamplesTheFeaturesCannotUseAreRefusedWithTheirPlace() {
        float[] copy = right.clone();
        copy[321] = Float.NaN;
        assertThatThrownBy(() -> AudioFiles.decode(WavWriter.write(new float[][]{left, copy}, 8000, 3, 32, false), "nan.wav"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage("nan.wav: sample 321 (0:00.04, channel 1) is NaN: float WAV holds non-finite samples");
        copy[321] = 0;
        copy[700] = Float.NEGATIVE_INFINITY;
        float[] leftCopy = left.clone();
        leftCopy[700] = Float.POSITIVE_INFINITY;
        // The first in time, and of two at the same time the lower channel.
        assertThatThrownBy(() -> AudioFiles.decode(WavWriter.write(new float[][]{leftCopy, copy}, 8000, 3, 64, true), "inf.wav"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage("inf.wav: sample 700 (0:00.08, channel 0) is +Infinity: float WAV holds non-finite samples");
        copy[700] = 3e30f;
        assertThatThrownBy(() -> AudioFiles.decode(WavWriter.write(new float[][]{left, copy}, 8000, 3, 32, false), "loud.wav"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage("loud.wav: sample 700 (0:00.08, channel 1) is 3.0E30: float WAV holds samples beyond +-1000000 (full scale is +-1)");
        copy[700] = 32767f; // float audio written at integer scale is odd, but not refused
        assertThat(AudioFiles.decode(WavWriter.write(new float[][]{left, copy}, 8000, 3, 32, false), "int-scale.wav").channels()[1][700])
                .isEqualTo(32767f);
    }

    @Test
    void namesTheFileAndTheProblem() {
        byte[] wav = WavWriter.write(new float[][]{left}, 8000, 1, 16, false);
        assertThatThrownBy(() -> AudioFiles.decode(Arrays.copyOf(wav, wav.length - 100), "cut.wav"))
                .isInstanceOf(AudioFormatException.class).hasMessageStartingWith("cut.wav: truncated");
        byte[] empty = WavWriter.write(new float[][]{new float[0]}, 8000, 1, 16, false);
        assertThatThrownBy(() -> AudioFiles.decode(empty, "silent.wav"))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("silent.wav: empty audio");
        byte[] adpcm = wav.clone();
        adpcm[20] = 2; // format tag 2: MS ADPCM
        assertThatThrownBy(() -> AudioFiles.decode(adpcm, "adpcm.wav"))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("adpcm.wav: unsupported WAV encoding (format tag 0x0002)");
        byte[] badRate = wav.clone();
        badRate[24] = 5;
        badRate[25] = 0;
        badRate[26] = 0;
        badRate[27] = 0;
        assertThatThrownBy(() -> AudioFiles.decode(badRate, "rate.wav"))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("impossible sample rate 5 Hz");
        assertThatThrownBy(() -> AudioFiles.decode("ID3 not audio".getBytes(), "song.mp3"))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("song.mp3: unsupported audio format");
        assertThatThrownBy(() -> AudioFiles.read(java.nio.file.Path.of("/no/such/call.flac")))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("/no/such/call.flac: no such file");
    }
}
