package io.serstreams.trainer.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ECE a perfectly calibrated model would read: large on a few dozen readings, small on thousands. */
class CalibrationNoiseTest {
    /** Readings of confidence spread over 0.4-0.9, each right with exactly its confidence (a calibrated model) or with {@code rightShare}. */
    private static List<CalibrationSample> readings(int n, double rightShare, long seed) {
        Random random = new Random(seed);
        List<CalibrationSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double confidence = 0.4 + 0.5 * random.nextDouble();
            float[] p = new float[4];
            int top = random.nextInt(4);
            for (int c = 0; c < 4; c++) {
                p[c] = (float) (c == top ? confidence : (1 - confidence) / 3);
            }
            double right = Double.isNaN(rightShare) ? confidence : rightShare;
            int label = random.nextDouble() < right ? top : (top + 1 + random.nextInt(3)) % 4;
            out.add(new CalibrationSample("emodb", List.of(p), label));
        }
        return out;
    }

    @Test
    void onAFewDozenReadingsEvenPerfectCalibrationReadsAnEceWellAboveZero() {
        CalibrationNoise few = CalibrationNoise.of(readings(60, Double.NaN, 1), 1, 2000, 7);
        CalibrationNoise many = CalibrationNoise.of(readings(6000, Double.NaN, 1), 1, 200, 7);
        assertThat(few.mean()).isGreaterThan(0.05);
        assertThat(few.upper()).isGreaterThan(few.mean());
        assertThat(many.mean()).isLessThan(0.02);
        assertThat(few.draws()).isEqualTo(2000);
    }

    @Test
    void aCalibratedModelsEceFallsWithinItAndAnOverconfidentOnesAboveIt() {
        List<CalibrationSample> calibrated = readings(400, Double.NaN, 2);
        List<CalibrationSample> overconfident = readings(400, 0.3, 3);
        assertThat(CalibrationError.of(calibrated, 1).ece()).isLessThan(CalibrationNoise.of(calibrated, 1, 2000, 1).upper());
        assertThat(CalibrationError.of(overconfident, 1).ece()).isGreaterThan(CalibrationNoise.of(overconfident, 1, 2000, 1).upper());
    }

    @Test
    void theSameSeedGivesTheSameFiguresAndTheTemperatureIsApplied() {
        List<CalibrationSample> r = readings(100, 0.5, 4);
        assertThat(CalibrationNoise.of(r, 2, 500, 9)).isEqualTo(CalibrationNoise.of(r, 2, 500, 9));
        // Flatter readings (a higher temperature) are less confident, so their bins hold fewer wins to miss by.
        assertThat(CalibrationNoise.of(r, 2, 500, 9)).isNotEqualTo(CalibrationNoise.of(r, 1, 500, 9));
        assertThatThrownBy(() -> CalibrationNoise.of(List.of(), 1, 10, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
