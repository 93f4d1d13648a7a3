package io.serstreams.featureextractor.audio;

import io.serstreams.schema.ChannelRole;

/**
 * Who speaks on each channel of a call recording, the project's convention for every reader of
 * recordings (replay, classify): a stereo recording carries the agent first and the customer second;
 * a mono recording is the customer.
 */
public final class ChannelRoles {
    private ChannelRoles() {
    }

    /** The role of channel {@code channel} (zero-based) of a recording with {@code channels} channels. */
    public static ChannelRole roleOf(int channel, int channels) {
        if (channels == 1) {
            return ChannelRole.CUSTOMER;
        }
        return channel == 0 ? ChannelRole.AGENT : channel == 1 ? ChannelRole.CUSTOMER : ChannelRole.UNKNOWN;
    }
}
