package io.serstreams.featureextractor.features;

import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.audio.G711Encoder;
import io.serstreams.featureextractor.audio.SampleEncoding;

import java.util.Arrays;
import java.util.Locale;

/**
 * The line a recording reaches the pipeline over: as recorded (wideband), or a telephone copy at
 * 8 kHz through the project's own G.711 encoder (mu-law or A-law) and decoded as the pipeline
 * decodes a G.711 chunk. Used to score and train models on what a contact centre sends.
 */
public enum TelephoneLine {
    WIDEBAND(null),
    MU_LAW(SampleEncoding.MULAW),
    A_LAW(SampleEncoding.ALAW);

    /** The telephone copies' sample rate. */
    public static final int TELEPHONE_RATE = 8000;

    private final SampleEncoding codec;

    TelephoneLine(SampleEncoding codec) {
        this.codec = codec;
    }

    /** The recording as it arrives over this line: every channel resampled to 8 kHz, coded and decoded (wideband: unchanged). */
    public DecodedAudio transmit(DecodedAudio audio) {
        if (codec == null) {
            return audio;
        }
        float[][] channels = new float[audio.channelCount()][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = transmit(audio.channels()[c], audio.sampleRate());
        }
        return new DecodedAudio(TELEPHONE_RATE, channels);
    }

    /** One channel at {@code sampleRate} as it arrives over this line, at the line's rate. */
    public float[] transmit(float[] samples, int sampleRate) {
        if (codec == null) {
            return samples;
        }
        float[] narrow = Resampling.resample(samples, sampleRate, TELEPHONE_RATE);
        return codec.decodeMono(G711Encoder.encode(narrow, codec == SampleEncoding.MULAW));
    }

    /** The name users type: {@code wideband}, {@code mu-law} or {@code a-law}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The line of a {@link #label()} (case and {@code -}/{@code _} ignored, {@code mulaw}/{@code alaw} too). */
    public static TelephoneLine parse(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        for (TelephoneLine line : values()) {
            if (line.label().replace("-", "").equals(key)) {
                return line;
            }
        }
        throw new IllegalArgumentException("unknown line '" + text + "': use one of "
                + String.join(", ", Arrays.stream(values()).map(TelephoneLine::label).toList()));
    }
}
