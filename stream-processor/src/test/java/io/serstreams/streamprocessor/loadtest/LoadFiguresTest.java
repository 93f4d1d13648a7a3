package io.serstreams.streamprocessor.loadtest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The load test's arithmetic: nearest-rank percentiles and the real-time verdict. */
class LoadFiguresTest {
    @Test
    void percentilesAreNearestRank() {
        LatencyRecorder recorder = new LatencyRecorder();
        assertThat(recorder.percentile(50)).isEqualTo(-1);
        for (int i = 2000; i >= 1; i--) {
            recorder.record(i);
        }
        assertThat(recorder.count()).isEqualTo(2000);
        assertThat(recorder.percentile(50)).isEqualTo(1000);
        assertThat(recorder.percentile(95)).isEqualTo(1900);
        assertThat(recorder.percentile(99)).isEqualTo(1980);
        assertThat(recorder.percentile(100)).isEqualTo(2000);
    }

    @Test
    void realTimeNeedsTheP99TargetAndNoBacklog() {
        assertThat(new LoadResult(100, 500, 25, 300, 600, 900, 40, 3, 1.2, 700, 400, 3, 0).realTime(1000)).isTrue();
        assertThat(new LoadResult(100, 500, 25, 300, 600, 1100, 40, 3, 1.2, 700, 400, 3, 0).realTime(1000)).isFalse();
        assertThat(new LoadResult(100, 500, 25, 300, 600, 900, 4000, 900, 1.2, 700, 400, 3, 0).realTime(1000)).isFalse();
        assertThat(new LoadResult(100, 500, 25, 300, 600, 900, 40, 3, 1.2, 700, 400, 3, 0).row()).startsWith("| 100 | 500 | 25.0 | 300 | 600 | 900 |")
                .endsWith("| yes |");
    }
}
