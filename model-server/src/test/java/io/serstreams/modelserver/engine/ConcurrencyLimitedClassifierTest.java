package io.serstreams.modelserver.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConcurrencyLimitedClassifierTest {
    @Test
    void noMoreCallsRunAtOnceThanTheLimit() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        SegmentClassifier slow = segments -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return List.of();
        };
        SegmentClassifier limited = new ConcurrencyLimitedClassifier(slow, 2);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<SegmentPrediction>>> calls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                calls.add(callers.submit(() -> limited.predict(List.of())));
            }
            for (Future<List<SegmentPrediction>> call : calls) {
                call.get();
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new ConcurrencyLimitedClassifier(segments -> List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
