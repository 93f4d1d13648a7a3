package io.serstreams.schemas.registry;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompatibilityLevelTest {
    private static Schema record(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
    }

    private final Schema v1 = record("{\"name\":\"a\",\"type\":\"int\"}");
    private final Schema withDefault = record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}");
    private final Schema withoutDefault = record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}");
    private final Schema dropped = record("{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}");

    @Test
    void addingAFieldWithADefaultIsBackwardAndForwardCompatible() {
        assertThat(CompatibilityLevel.BACKWARD.violations(withDefault, List.of(v1))).isEmpty();
        assertThat(CompatibilityLevel.FORWARD.violations(withDefault, List.of(v1))).isEmpty();
        assertThat(CompatibilityLevel.FULL.violations(withDefault, List.of(v1))).isEmpty();
    }

    @Test
    void addingARequiredFieldBreaksBackwardButNotForward() {
        assertThat(CompatibilityLevel.BACKWARD.violations(withoutDefault, List.of(v1)))
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("/fields/1");
        assertThat(CompatibilityLevel.FORWARD.violations(withoutDefault, List.of(v1))).isEmpty();
        assertThat(CompatibilityLevel.NONE.violations(withoutDefault, List.of(v1))).isEmpty();
    }

    @Test
    void droppingARequiredFieldBreaksForward() {
        assertThat(CompatibilityLevel.FORWARD.violations(dropped, List.of(v1))).isNotEmpty();
        assertThat(CompatibilityLevel.BACKWARD.violations(dropped, List.of(v1))).isEmpty();
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersion() {
        // v1 -> withDefault -> withoutDefault: the last step is fine against withDefault alone,
        // but it cannot read v1 data, which has no b.
        assertThat(CompatibilityLevel.BACKWARD.violations(withoutDefault, List.of(v1, withDefault))).isEmpty();
        assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.violations(withoutDefault, List.of(v1, withDefault))).isNotEmpty();
    }

    @Test
    void parsesLevelNamesCaseInsensitively() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(CompatibilityLevel.parse("sideways")).isNull();
        assertThat(CompatibilityLevel.parse(null)).isNull();
    }
}
