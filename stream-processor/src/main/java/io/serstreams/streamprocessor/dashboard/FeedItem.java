package io.serstreams.streamprocessor.dashboard;

/**
 * One emotion event or alert as the live feed carries it: a per-instance sequence number (the SSE
 * event id a client resumes from), what filters look at, and the JSON sent to the browser.
 *
 * @param type   "emotion" or "alert"
 * @param domain the declared tenant, else the nearest training domain
 * @param rule   the alert's rule; null for emotion events
 */
public record FeedItem(long id, String type, String callId, int channel, String domain, String rule, String json) {

    /** Whether the item passes a subscriber's filters (null: any). */
    public boolean matches(String call, Integer channelIndex, String domainName, String ruleName, String kind) {
        return (call == null || call.equals(callId)) && (channelIndex == null || channelIndex == channel)
                && (domainName == null || domainName.equals(domain)) && (ruleName == null || ruleName.equals(rule))
                && (kind == null || kind.equals(type));
    }
}
