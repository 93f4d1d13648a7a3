package io.serstreams.streamprocessor.replay;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A progress bar per call, redrawn in place on a terminal; elsewhere (logs, CI) one line per call
 * at every tenth of the way.
 */
public final class ProgressBars implements CallReplayer.Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, Double> fractions = new LinkedHashMap<>();
    private final Map<String, Integer> printedTenths = new LinkedHashMap<>();
    private long lastDraw;

    public ProgressBars(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void update(String callId, double sentSeconds, double totalSeconds) {
        double fraction = totalSeconds <= 0 ? 1 : Math.min(1, sentSeconds / totalSeconds);
        fractions.put(callId, Math.max(fraction, fractions.getOrDefault(callId, 0.0)));
        if (terminal) {
            long now = System.currentTimeMillis();
            if (now - lastDraw >= 200 || allDone()) {
                lastDraw = now;
                StringBuilder line = new StringBuilder("\r");
                fractions.forEach((call, f) -> line.append(bar(call, f)).append("  "));
                out.print(line);
                if (allDone()) {
                    out.println();
                }
                out.flush();
            }
        } else {
            int tenths = (int) Math.floor(fraction * 10);
            if (tenths > printedTenths.getOrDefault(callId, -1)) {
                printedTenths.put(callId, tenths);
                out.println(bar(callId, fraction));
            }
        }
    }

    private boolean allDone() {
        return fractions.values().stream().allMatch(f -> f >= 1);
    }

    static String bar(String callId, double fraction) {
        int filled = (int) Math.round(fraction * 20);
        return callId + " [" + "#".repeat(filled) + "-".repeat(20 - filled) + "] " + Math.round(fraction * 100) + "%";
    }
}
