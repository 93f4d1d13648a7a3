package io.serstreams.schemas.serde;

import io.serstreams.schemas.serde.WireFormatException.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireFormatTest {

    @Test
    void headerIsMagicByteThenBigEndianId() {
        assertThat(WireFormat.header(0x01020304)).containsExactly(0, 1, 2, 3, 4);
        assertThat(WireFormat.schemaId(new byte[]{0, 0, 0, 1, 0, 42})).isEqualTo(256);
    }

    @Test
    void rejectsAWrongMagicByte() {
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[]{1, 0, 0, 0, 1}))
                .isInstanceOfSatisfying(WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MAGIC_BYTE))
                .hasMessageContaining("0x01");
    }

    @Test
    void rejectsARecordShorterThanTheHeader() {
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[]{0, 0, 1}))
                .isInstanceOfSatisfying(WireFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED_PAYLOAD))
                .hasMessageContaining("3 bytes");
    }

    @Test
    void namesSubjectsByTopic() {
        assertThat(WireFormat.subject("audio.chunks", false)).isEqualTo("audio.chunks-value");
        assertThat(WireFormat.subject("audio.chunks", true)).isEqualTo("audio.chunks-key");
    }
}
