package io.serstreams.featureextractor.audio;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Lets a thread drop its own writes to {@code System.out} while every other thread keeps writing.
 *
 * <p>Why: jFLAC prints debug lines with {@code System.out.println} from inside its decoder (for
 * example {@code readResidual elsecase, pEsc = 15} on an escape-coded residual, which corrupt data
 * hits at random), and standard output carries only a command's result. Swapping System.out for the
 * length of a decode would be process-global and racy: output of other threads (a stream thread, a
 * second decode) would vanish or leak in between. So a filtering stream is installed once, and it
 * drops only what the threads inside {@link #mute()} write; the decoder's errors are reported from
 * its error callbacks instead. Should someone replace System.out later, the next {@link #mute()}
 * wraps the new stream.
 */
final class ThreadMutedStdout {
    private static final ThreadLocal<int[]> MUTED = ThreadLocal.withInitial(() -> new int[1]);

    private ThreadMutedStdout() {
    }

    /** Until closed, this thread's writes to System.out are dropped. Nests. */
    static Muted mute() {
        install();
        MUTED.get()[0]++;
        return () -> MUTED.get()[0]--;
    }

    /** A muted stretch of this thread; closing it ends the stretch. */
    interface Muted extends AutoCloseable {
        @Override
        void close();
    }

    private static synchronized void install() {
        if (!(System.out instanceof Filtering)) {
            System.setOut(Filtering.around(System.out));
        }
    }

    private static boolean mutedHere() {
        return MUTED.get()[0] > 0;
    }

    /** System.out with each write passed on, or dropped when the writing thread is muted. */
    private static final class Filtering extends PrintStream {
        private Filtering(OutputStream filter, Charset charset) {
            super(filter, true, charset);
        }

        static PrintStream around(PrintStream original) {
            // Encode text as the JDK encodes it for the original stream (PrintStream#charset is Java 18+).
            String name = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
            Charset charset = name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
            OutputStream filter = new FilterOutputStream(original) {
                @Override
                public void write(int b) {
                    if (!mutedHere()) {
                        original.write(b);
                    }
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    if (!mutedHere()) {
                        original.write(bytes, offset, length);
                    }
                }

                @Override
                public void flush() {
                    original.flush();
                }

                @Override
                public void close() throws IOException {
                    original.close();
                }
            };
            return new Filtering(filter, charset);
        }
    }
}
