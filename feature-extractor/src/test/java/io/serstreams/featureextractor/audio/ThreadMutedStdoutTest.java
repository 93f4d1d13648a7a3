package io.serstreams.featureextractor.audio;

import io.serstreams.featureextractor.testing.StdoutCapture;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadMutedStdoutTest {

    @Test
    void onlyTheMutedThreadLosesItsOutput() throws Exception {
        CountDownLatch muted = new CountDownLatch(1);
        CountDownLatch otherWrote = new CountDownLatch(1);
        StdoutCapture.Captured<Boolean> run = StdoutCapture.of(() -> {
            Thread other = new Thread(() -> {
                await(muted);
                System.out.println("other thread, while the first is muted");
                otherWrote.countDown();
            });
            other.start();
            try (ThreadMutedStdout.Muted m = ThreadMutedStdout.mute()) {
                muted.countDown();
                System.out.println("dropped");
                System.out.print('x');
                System.out.printf("%s%n", "dropped too");
                await(otherWrote);
            }
            System.out.println("after");
            return true;
        });
        assertThat(run.stdout().lines()).containsExactly("other thread, while the first is muted", "after");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
