package io.serstreams.trainer.eval;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A reliability diagram as PNG: per confidence bin, the accuracy of the readings before and after
 * calibration against the diagonal of perfect calibration. Drawn with the JDK's own 2D graphics.
 */
public final class ReliabilityDiagram {
    private static final int SIZE = 640;
    private static final int MARGIN = 72;
    private static final Color BEFORE = new Color(0xB0, 0xB0, 0xB0);
    private static final Color AFTER = new Color(0x2E, 0x6F, 0xD0);

    private ReliabilityDiagram() {
    }

    /** Writes the diagram of {@code before} and {@code after} to {@code png} under {@code title}. */
    public static void write(Path png, String title, CalibrationError before, CalibrationError after, String calibration) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, SIZE, SIZE);
            int plot = SIZE - 2 * MARGIN;
            int bins = before.counts().length;
            double width = (double) plot / bins;
            for (int b = 0; b < bins; b++) {
                bar(g, b, width, plot, before.correct()[b], BEFORE, 0.0, 0.5);
                bar(g, b, width, plot, after.correct()[b], AFTER, 0.5, 0.5);
            }
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.5f));
            g.drawRect(MARGIN, MARGIN, plot, plot);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 6}, 0));
            g.drawLine(MARGIN, MARGIN + plot, MARGIN + plot, MARGIN);
            g.setStroke(new BasicStroke(1f));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            for (int t = 0; t <= 10; t += 2) {
                String label = String.format(Locale.ROOT, "%.1f", t / 10.0);
                g.drawString(label, MARGIN + (int) (plot * t / 10.0) - 9, MARGIN + plot + 18);
                g.drawString(label, MARGIN - 30, MARGIN + plot - (int) (plot * t / 10.0) + 5);
            }
            g.drawString("confidence (top class probability)", MARGIN + plot / 2 - 100, SIZE - 25);
            g.rotate(-Math.PI / 2);
            g.drawString("accuracy", -(MARGIN + plot / 2 + 25), 22);
            g.rotate(Math.PI / 2);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            // A long title (a model version and a line) goes on two lines at its last comma.
            int split = title.length() > 60 ? title.lastIndexOf(", ") : -1;
            g.drawString(split < 0 ? title : title.substring(0, split), MARGIN, 28);
            if (split >= 0) {
                g.drawString(title.substring(split + 2), MARGIN, 46);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(BEFORE.darker());
            g.drawString(String.format(Locale.ROOT, "before: ECE %.3f", before.ece()), MARGIN + 10, MARGIN + 20);
            g.setColor(AFTER);
            g.drawString(String.format(Locale.ROOT, "after (%s): ECE %.3f", calibration, after.ece()), MARGIN + 10, MARGIN + 38);
        } finally {
            g.dispose();
        }
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    private static void bar(Graphics2D g, int bin, double width, int plot, double accuracy, Color color, double offset, double share) {
        if (Double.isNaN(accuracy)) {
            return;
        }
        int height = (int) Math.round(accuracy * plot);
        int x = MARGIN + (int) Math.round((bin + offset * 0.9 + 0.05) * width);
        g.setColor(color);
        g.fillRect(x, MARGIN + plot - height, (int) Math.round(width * share * 0.9), height);
    }
}
