package io.serstreams.streamprocessor.summary;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Alert rules on hand-made channel histories. */
class AlertRulesTest {

    private static ChannelHistory history(String role, Map<String, Integer> fired, String... segments) {
        List<ChannelHistory.Recent> recent = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            String[] parts = segments[i].split("/");
            float valence = Float.parseFloat(parts[3]);
            recent.add(new ChannelHistory.Recent(i, i * 1000L, i * 1000L + 960, parts[0], parts[1], parts[2], 0f, valence));
        }
        return new ChannelHistory("call", 1, role, segments.length, 0, segments.length * 1000L, recent.get(recent.size() - 1).emotion(), List.of(),
                new double[0], 0, 0, recent, 0, fired, null, null, null, "m", false, 0);
    }

    @Test
    void kOfTheLastNSegmentsEndingWithTheNewest() {
        AlertRule angry = AlertRules.parse("customer-angry: when=emotion:angry k=2 n=3 role=customer severity=critical");
        assertThat(angry.evaluate(history("CUSTOMER", Map.of(), "neutral/mid/neutral/0", "angry/high/negative/-1"))).isEmpty();
        var fired = angry.evaluate(history("CUSTOMER", Map.of(), "angry/high/negative/-1", "neutral/mid/neutral/0", "angry/high/negative/-1"));
        assertThat(fired).isPresent();
        assertThat(fired.get().evidence()).extracting(ChannelHistory.Recent::segmentIndex).containsExactly(0, 2);
        assertThat(fired.get().message()).isEqualTo("customer emotion angry in 2 of the last 3 segments");
        // Not when the newest segment does not match, not on the agent's channel, not again within n segments.
        assertThat(angry.evaluate(history("CUSTOMER", Map.of(), "angry/high/negative/-1", "angry/high/negative/-1", "sad/low/negative/-1"))).isEmpty();
        assertThat(angry.evaluate(history("AGENT", Map.of(), "angry/high/negative/-1", "angry/high/negative/-1"))).isEmpty();
        assertThat(angry.evaluate(history("CUSTOMER", Map.of("customer-angry", 1), "angry/high/negative/-1", "angry/high/negative/-1",
                "angry/high/negative/-1"))).isEmpty();
    }

    @Test
    void combinedConditionsAndValenceDrops() {
        AlertRule negative = AlertRules.parse("hot: when=arousal:high+valence:negative k=2 n=2");
        assertThat(negative.evaluate(history("AGENT", Map.of(), "happy/high/positive/1", "angry/high/negative/-1"))).isEmpty();
        assertThat(negative.evaluate(history("AGENT", Map.of(), "angry/high/negative/-1", "angry/high/negative/-1"))).isPresent();

        AlertRule drop = AlertRules.parse("drop: valence-drop=0.8 window=2 role=customer severity=info");
        assertThat(drop.evaluate(history("CUSTOMER", Map.of(), "happy/high/positive/0.6", "neutral/mid/neutral/0.4", "sad/low/negative/-0.5",
                "sad/low/negative/-0.3"))).hasValueSatisfying(f -> assertThat(f.message()).isEqualTo("valence fell from 0.50 to -0.40 over 4 segments"));
        assertThat(drop.evaluate(history("CUSTOMER", Map.of(), "happy/high/positive/0.2", "neutral/mid/neutral/0.1", "sad/low/negative/-0.3",
                "sad/low/negative/-0.2"))).isEmpty();
    }

    @Test
    void badRuleLinesAreNamedWithWhatIsWrong() {
        assertThatThrownBy(() -> AlertRules.parse("x: when=mood:angry")).hasMessageContaining("alert rule 'x'").hasMessageContaining("unknown field mood");
        assertThatThrownBy(() -> AlertRules.parse("x: when=emotion:angry k=4 n=3")).hasMessageContaining("k <= n");
        assertThatThrownBy(() -> AlertRules.parse("x: when=emotion:angry role=boss")).hasMessageContaining("role must be");
        assertThatThrownBy(() -> AlertRules.parse("x: when=emotion:angry severity=loud")).hasMessageContaining("alert rule 'x'");
        assertThatThrownBy(() -> AlertRules.parse("no colon here")).hasMessageContaining("expected 'name: key=value");
        assertThatThrownBy(() -> AlertRules.parse(List.of("a: when=emotion:* k=1 n=1", "a: when=emotion:sad"))).hasMessageContaining("share a name");
        assertThat(AlertRules.parse(AlertRules.DEFAULTS)).hasSize(3);
    }

    @Test
    void trendIsTheLeastSquaresSlope() {
        assertThat(CallSummarizer.slope(new double[]{0, 1, 2, 3})).isEqualTo(1.0);
        assertThat(CallSummarizer.slope(new double[]{1, 0.5, 0})).isEqualTo(-0.5);
        assertThat(CallSummarizer.slope(new double[]{0.3})).isZero();
    }
}
