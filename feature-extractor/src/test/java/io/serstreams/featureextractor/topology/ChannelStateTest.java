package io.serstreams.featureextractor.topology;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The channel state's stored form: the current format round-trips, and a state stored before audioSequence still reads. */
class ChannelStateTest {

    private static ChannelState sample() {
        ChannelState s = ChannelState.open("call-7", 1, 16000, 0, 1000);
        s.nextSequence = 42;
        s.checkpointSequence = 40;
        s.audioSequence = 31;
        s.nextSampleOffset = 42 * 320;
        return s;
    }

    @Test
    void roundTripsWithTheRecentAudioSequence() {
        ChannelState decoded = ChannelState.decode(sample().encode());
        assertThat(decoded.audioSequence).isEqualTo(31);
        assertThat(decoded.checkpointSequence).isEqualTo(40);
        assertThat(decoded.nextSampleOffset).isEqualTo(42 * 320);
    }

    @Test
    void aStateOfTheFormerFormatReadsWithNoAudioKeptBeforeTheCheckpoint() {
        byte[] current = sample().encode();
        // Format 1 is format 2 without the trailing audioSequence.
        byte[] former = Arrays.copyOf(current, current.length - Long.BYTES);
        former[0] = 1;
        ChannelState decoded = ChannelState.decode(former);
        assertThat(decoded.audioSequence).isEqualTo(decoded.checkpointSequence).isEqualTo(40);
        assertThat(decoded.callId).isEqualTo("call-7");
    }
}
