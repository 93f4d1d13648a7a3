package io.serstreams.modelserver.classify;

import io.serstreams.modelserver.engine.DimensionResult;
import io.serstreams.modelserver.engine.SegmentPrediction;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Classification results as a table a person reads: a header, then a line per file and channel with
 * the channel's emotion, the confidence in it (its probability), arousal and valence (group and
 * score), the number of segments, and why there is no reading where there is none.
 */
public final class ResultTable {
    private static final String[] HEADER = {"FILE", "CHANNEL", "EMOTION", "CONFIDENCE", "AROUSAL", "VALENCE", "SEGMENTS"};
    private final PrintWriter out;
    private final int[] widths = {4, 10, 8, 10, 12, 15, 8};

    /** @param fileNameWidth the longest file name to be shown, so the columns line up from the first line */
    public ResultTable(PrintWriter out, int fileNameWidth) {
        this.out = out;
        widths[0] = Math.max(widths[0], fileNameWidth);
    }

    /** The line naming the columns. */
    public void header() {
        line(HEADER, null);
    }

    /** The lines of one file, one per channel. */
    public void file(String file, FileClassifier.FileResult result) {
        for (FileClassifier.ChannelResult c : result.channels()) {
            String channel = c.channel() + " " + ResultJson.role(c.role());
            String segments = Integer.toString(c.segments().size());
            SegmentPrediction p = c.overall();
            if (p == null) {
                line(new String[]{file, channel, "-", "-", "-", "-", segments}, c.reason());
            } else {
                String confidence = String.format(Locale.ROOT, "%.2f", confidence(p));
                line(new String[]{file, channel, p.emotion(), confidence, dimension(p.arousal()), dimension(p.valence()), segments}, null);
            }
        }
        out.flush();
    }

    /** The probability of the emotion named, which is the largest. */
    private static float confidence(SegmentPrediction p) {
        float best = 0;
        for (float v : p.emotionProbabilities()) {
            best = Math.max(best, v);
        }
        return best;
    }

    private static String dimension(DimensionResult d) {
        return String.format(Locale.ROOT, "%s %+.2f", d.group(), d.score());
    }

    private void line(String[] cells, String note) {
        List<String> padded = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            padded.add(i == cells.length - 1 && note == null ? cells[i] : String.format("%-" + widths[i] + "s", cells[i]));
        }
        if (note != null) {
            padded.add(note);
        }
        out.println(String.join("  ", padded));
    }
}
