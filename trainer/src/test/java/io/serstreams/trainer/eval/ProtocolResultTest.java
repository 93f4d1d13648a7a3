package io.serstreams.trainer.eval;

import io.serstreams.modelserver.quality.ConfusionMatrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** DomainResult validation and the means of ProtocolResult. */
class ProtocolResultTest {
    static final List<String> CLASSES = List.of("neutral", "happy", "angry", "sad");

    /** Macro-F1 1/3, UA 1/2: happy present but never predicted. */
    /** Three of the four classes present, some confused. */
    static ConfusionMatrix mixed() {
        return ConfusionMatrix.of(CLASSES, new int[] {0, 0, 0, 1, 1, 2, 2, 2}, new int[] {0, 0, 1, 1, 2, 2, 2, 0});
    }

    static ConfusionMatrix neverHappy() {
        return ConfusionMatrix.of(CLASSES, new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 0});
    }

    static DomainResult domain(String name, ConfusionMatrix m) {
        return new DomainResult(name, m, OptionalDouble.of(0.75), OptionalDouble.empty());
    }

    @Test
    void meansAreUnweightedOverDomains() {
        // emodb: 8 samples, macro-F1 = UA = 11/18; emovo: 4 samples, macro-F1 1/3, UA 1/2.
        ProtocolResult r = new ProtocolResult(ProtocolResult.ADAPTATION, "SPSL", 7,
                List.of(domain("emodb", mixed()), domain("emovo", neverHappy())));
        assertThat(r.meanMacroF1()).isCloseTo(17.0 / 36, within(1e-12));
        assertThat(r.meanUnweightedAccuracy()).isCloseTo(5.0 / 9, within(1e-12));
    }

    @Test
    void keepsItsOwnCopyOfTheDomains() {
        List<DomainResult> domains = new ArrayList<>(List.of(domain("emodb", neverHappy())));
        ProtocolResult r = new ProtocolResult(ProtocolResult.GENERALIZATION, "MPGL", 1, domains);
        domains.add(domain("emovo", neverHappy()));
        assertThat(r.domains()).hasSize(1);
        assertThatThrownBy(() -> r.domains().add(domain("x", neverHappy()))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsNoDomainsOrADomainTwice() {
        assertThatThrownBy(() -> new ProtocolResult(ProtocolResult.ADAPTATION, "MPGL", 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no domain results");
        assertThatThrownBy(() -> new ProtocolResult(ProtocolResult.ADAPTATION, "MPGL", 1,
                List.of(domain("emodb", neverHappy()), domain("emodb", neverHappy()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("emodb appears twice");
        assertThatThrownBy(() -> new ProtocolResult(" ", "MPGL", 1, List.of(domain("emodb", neverHappy()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("protocol");
    }

    @Test
    void domainResultRejectsAccuraciesOutsideZeroToOne() {
        assertThatThrownBy(() -> new DomainResult("emodb", neverHappy(), OptionalDouble.of(1.5), OptionalDouble.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("arousal accuracy");
        assertThatThrownBy(() -> new DomainResult("emodb", neverHappy(), OptionalDouble.empty(), OptionalDouble.of(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("valence accuracy");
        assertThatThrownBy(() -> new DomainResult("", neverHappy(), OptionalDouble.empty(), OptionalDouble.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain name");
    }
}
