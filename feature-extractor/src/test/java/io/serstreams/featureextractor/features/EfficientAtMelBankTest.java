package io.serstreams.featureextractor.features;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of EfficientAT's 128 x 513 mel matrix as FACTS.md describes it, checkable without the
 * fixtures (EfficientAtFixtureTest compares every weight with the reference matrix where present).
 */
class EfficientAtMelBankTest {
    private static final MelFilterBank BANK = EfficientAtFrontEnd.melFilterBank();

    private static List<Integer> binsOf(int band) {
        List<Integer> bins = new ArrayList<>();
        for (int k = 0; k < BANK.bins(); k++) {
            if (BANK.weight(k, band) > 0) {
                bins.add(k);
            }
        }
        return bins;
    }

    @Test
    void hasTheReferenceShape() {
        assertThat(BANK.bands()).isEqualTo(128);
        assertThat(BANK.bins()).isEqualTo(513);
        int highest = 0;
        for (int b = 0; b < BANK.bands(); b++) {
            List<Integer> bins = binsOf(b);
            assertThat(bins).as("band %d", b).isNotEmpty().doesNotContain(0, 512);
            highest = Math.max(highest, bins.get(bins.size() - 1));
            for (int k : bins) {
                assertThat(BANK.weight(k, b)).isLessThanOrEqualTo(1f);
            }
        }
        // 15 kHz is bin 480, where band 127's triangle ends (its weight there is 0, or 9e-6 in float32).
        assertThat(highest).isEqualTo(479);
        assertThat(binsOf(0)).containsExactly(1);
        assertThat(binsOf(1)).containsExactly(1);
        assertThat(binsOf(2)).containsExactly(2);
        assertThat(binsOf(3)).containsExactly(2);
        assertThat(binsOf(4)).containsExactly(3);
        assertThat(binsOf(127).get(0)).isEqualTo(457);
    }
}
