package io.serstreams.trainer.export;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A card section written again replaces itself in place; the sections after it stay (recalibrating kept no out-of-domain section before). */
class ModelCardSectionTest {
    @TempDir
    Path bundle;

    @Test
    void aSectionIsAppendedThenReplacedWhereItIsKeepingTheLaterOnes() throws Exception {
        Path card = Files.writeString(bundle.resolve("MODEL_CARD.md"), "# Model\n\nIntro.\n");
        ModelCardSection.write(bundle, "Calibration", "T = 2.0");
        ModelCardSection.write(bundle, "Out-of-domain flag", "below 0.3");
        ModelCardSection.write(bundle, "Calibration", "T = 3.0\n\nmore\n");
        assertThat(Files.readString(card)).isEqualTo("# Model\n\nIntro.\n\n## Calibration\n\nT = 3.0\n\nmore\n\n## Out-of-domain flag\n\nbelow 0.3\n");
    }

    @Test
    void aBundleWithoutACardIsLeftAlone() throws Exception {
        ModelCardSection.write(bundle, "Calibration", "T = 2.0");
        assertThat(bundle.resolve("MODEL_CARD.md")).doesNotExist();
    }
}
