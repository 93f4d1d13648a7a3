package io.serstreams.streamprocessor.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.serstreams.streamprocessor.summary.AlertRules;

import java.time.Duration;
import java.util.List;

/** {@code ser.summary.*}: trends, retention of ended calls, and the alert rules (see {@link AlertRules}). */
@ConfigurationProperties("ser.summary")
public class SummarySettings {
    private int trendWindow = 5;
    private Duration retention = Duration.ofHours(1);
    private List<String> alertRules = AlertRules.DEFAULTS;

    public int getTrendWindow() {
        return trendWindow;
    }

    public void setTrendWindow(int trendWindow) {
        this.trendWindow = trendWindow;
    }

    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    public List<String> getAlertRules() {
        return alertRules;
    }

    public void setAlertRules(List<String> alertRules) {
        this.alertRules = alertRules;
    }
}
