package io.serstreams.featureextractor.audio;

import io.serstreams.schema.ChannelRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelRolesTest {
    @Test
    void aStereoCallHasTheAgentFirstAndAMonoCallIsTheCustomer() {
        assertThat(ChannelRoles.roleOf(0, 2)).isEqualTo(ChannelRole.AGENT);
        assertThat(ChannelRoles.roleOf(1, 2)).isEqualTo(ChannelRole.CUSTOMER);
        assertThat(ChannelRoles.roleOf(2, 3)).isEqualTo(ChannelRole.UNKNOWN);
        assertThat(ChannelRoles.roleOf(0, 1)).isEqualTo(ChannelRole.CUSTOMER);
    }
}
