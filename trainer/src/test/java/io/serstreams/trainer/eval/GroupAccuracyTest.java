package io.serstreams.trainer.eval;

import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static io.serstreams.trainer.eval.GroupAccuracy.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GroupAccuracyTest {

    @Test
    void countsOnlySamplesWhoseGroupIsKnown() {
        // Known: 0->0 right, 2->1 wrong, 1->1 right; the unknown sample's prediction is ignored.
        OptionalDouble accuracy = GroupAccuracy.of(new int[] {0, UNKNOWN, 2, 1}, new int[] {0, 1, 1, 1}, 3);
        assertThat(accuracy).hasValueCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void isEmptyWhenNoGroupIsKnown() {
        assertThat(GroupAccuracy.of(new int[] {UNKNOWN, UNKNOWN}, new int[] {0, 2}, 3)).isEmpty();
        assertThat(GroupAccuracy.of(new int[0], new int[0], 3)).isEmpty();
    }

    @Test
    void rejectsInvalidInput() {
        assertThatThrownBy(() -> GroupAccuracy.of(new int[] {0}, new int[] {0, 1}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> GroupAccuracy.of(new int[] {3}, new int[] {0}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("true group 3");
        assertThatThrownBy(() -> GroupAccuracy.of(new int[] {-2}, new int[] {0}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("true group -2");
        assertThatThrownBy(() -> GroupAccuracy.of(new int[] {UNKNOWN}, new int[] {UNKNOWN}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predicted group -1");
    }
}
