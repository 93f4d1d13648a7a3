package io.serstreams.featureextractor.audio;

/**
 * Decoded audio: one array of samples in [-1, 1] per channel, all of the same length.
 *
 * @param sampleRate samples per second
 * @param channels   samples per channel; a stereo call has the agent and the customer on separate channels
 */
public record DecodedAudio(int sampleRate, float[][] channels) {

    public DecodedAudio {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, not " + sampleRate);
        }
        if (channels.length == 0) {
            throw new IllegalArgumentException("audio needs at least one channel");
        }
    }

    public int channelCount() {
        return channels.length;
    }

    public int frames() {
        return channels[0].length;
    }

    public double durationSeconds() {
        return (double) frames() / sampleRate;
    }

    /** One channel as mono audio. */
    public DecodedAudio channel(int index) {
        return new DecodedAudio(sampleRate, new float[][]{channels[index]});
    }
}
