package io.serstreams.trainer.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Temperature scaling finds the temperature that makes readings honest; ECE measures how honest they are. */
class TemperatureFitTest {
    @TempDir
    Path dir;

    /**
     * Readings that put {@code confidence} on their top class, which is right with probability
     * {@code rightShare}; the rest of the mass spread evenly.
     */
    private static List<CalibrationSample> readings(double confidence, double rightShare, int n, long seed) {
        Random random = new Random(seed);
        List<CalibrationSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int top = random.nextInt(4);
            float[] p = new float[4];
            for (int c = 0; c < 4; c++) {
                p[c] = (float) (c == top ? confidence : (1 - confidence) / 3);
            }
            int label = random.nextDouble() < rightShare ? top : (top + 1 + random.nextInt(3)) % 4;
            out.add(new CalibrationSample("emodb", List.of(p), label));
        }
        return out;
    }

    @Test
    void anOverconfidentModelIsSoftenedUntilItsConfidenceMatchesItsAccuracy() {
        List<CalibrationSample> overconfident = readings(0.95, 0.6, 4000, 1);
        double t = TemperatureFit.fit(overconfident);
        assertThat(t).isGreaterThan(1.5);
        CalibrationError before = CalibrationError.of(overconfident, 1);
        CalibrationError after = CalibrationError.of(overconfident, t);
        assertThat(before.ece()).isCloseTo(0.35, offset(0.03));
        assertThat(after.ece()).isLessThan(0.03);
        // Temperature keeps the ranking: accuracy does not move.
        assertThat(after.accuracy()).isEqualTo(before.accuracy());
    }

    private static List<CalibrationSample> namedAs(String domain, List<CalibrationSample> readings) {
        return readings.stream().map(s -> new CalibrationSample(s.domain(), s.segments(), List.of(domain), s.label())).toList();
    }

    @Test
    void eachDomainGetsTheTemperatureOfItsOwnSegmentsAndOneWithTooFewOrOutOfDomainGetsNone() {
        List<CalibrationSample> all = new ArrayList<>();
        all.addAll(namedAs("emodb", readings(0.7, 0.9, 2000, 3)));        // under-confident: T below 1
        all.addAll(namedAs("korean", readings(0.95, 0.5, 2000, 4)));      // over-confident: T above 1
        all.addAll(namedAs("emovo", readings(0.95, 0.5, 50, 5)));         // too few
        all.addAll(namedAs(CalibrationSample.OUT_OF_DOMAIN, readings(0.6, 0.6, 2000, 6)));
        var byDomain = TemperatureFit.perDomain(all, 100);
        assertThat(byDomain).containsOnlyKeys("emodb", "korean");
        assertThat(byDomain.get("emodb")).isLessThan(0.8);
        assertThat(byDomain.get("korean")).isGreaterThan(1.5);
        var perDomain = new io.serstreams.modelserver.bundle.Calibration(TemperatureFit.fit(all), "test", byDomain);
        // Against one temperature for all, each domain's own brings its ECE down.
        for (String domain : List.of("emodb", "korean")) {
            List<CalibrationSample> own = all.stream().filter(s -> s.segmentDomains().get(0).equals(domain)).toList();
            assertThat(CalibrationError.of(own, perDomain).ece()).isLessThan(0.03)
                    .isLessThan(CalibrationError.of(own, perDomain.temperature()).ece() - 0.05);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TemperatureFit.perDomain(List.of(new CalibrationSample("emodb",
                List.of(new float[]{1, 0}, new float[]{0, 1}), List.of("emodb", "emodb"), 0)), 1)).hasMessageContaining("single segments");
    }

    @Test
    void aCalibratedModelKeepsATemperatureNearOne() {
        assertThat(TemperatureFit.fit(readings(0.7, 0.7, 4000, 2))).isCloseTo(1.0, offset(0.1));
    }

    @Test
    void theErrorIsTheCountWeightedGapOfEachBin() {
        // Two readings at confidence 0.9 (one right) and one at 0.55 (right): bins 9 and 5.
        List<CalibrationSample> samples = List.of(
                new CalibrationSample("emodb", List.of(new float[]{0.9f, 0.1f / 3, 0.1f / 3, 0.1f / 3}), 0),
                new CalibrationSample("emodb", List.of(new float[]{0.9f, 0.1f / 3, 0.1f / 3, 0.1f / 3}), 1),
                new CalibrationSample("emodb", List.of(new float[]{0.15f, 0.55f, 0.15f, 0.15f}), 1));
        CalibrationError e = CalibrationError.of(samples, 1);
        assertThat(e.counts()[9]).isEqualTo(2);
        assertThat(e.counts()[5]).isEqualTo(1);
        assertThat(e.ece()).isCloseTo(2.0 / 3 * Math.abs(0.9 - 0.5) + 1.0 / 3 * Math.abs(0.55 - 1), offset(1e-6));
        assertThat(e.accuracy()).isCloseTo(2.0 / 3, offset(1e-9));
    }

    @Test
    void anUtterancesReadingIsTheMeanOfItsSegmentsAfterEachIsCalibrated() {
        CalibrationSample two = new CalibrationSample("korean", List.of(new float[]{0.8f, 0.2f}, new float[]{0.4f, 0.6f}), 0);
        assertThat(two.reading(1)[0]).isCloseTo(0.6f, offset(1e-6f));
        float[] hot = two.reading(2);
        double first = Math.sqrt(0.8) / (Math.sqrt(0.8) + Math.sqrt(0.2));
        double second = Math.sqrt(0.4) / (Math.sqrt(0.4) + Math.sqrt(0.6));
        assertThat((double) hot[0]).isCloseTo((first + second) / 2, offset(1e-5));
    }

    @Test
    void theDiagramIsAReadablePng() throws Exception {
        List<CalibrationSample> samples = readings(0.95, 0.6, 500, 3);
        Path png = dir.resolve("reliability.png");
        ReliabilityDiagram.write(png, "test", CalibrationError.of(samples, 1), CalibrationError.of(samples, 2.5), "T = 2.50");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(640);
    }
}
