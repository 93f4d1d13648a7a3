package io.serstreams.schemas.errors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** What a user reads for a failure: never "null", never only a file's name. */
class ErrorTextTest {
    @TempDir
    Path dir;

    @Test
    void theJdkHttpClientsConnectionFailureIsNamedNotNull() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Throwable failure = catchThrowable(() -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closed + "/")).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(failure).isInstanceOf(IOException.class);
        String text = ErrorText.of(new IllegalStateException(failure));
        assertThat(text).startsWith("ConnectException").doesNotContain("null");
    }

    @Test
    void aMissingFileSaysSo() {
        Throwable failure = catchThrowable(() -> Files.readString(dir.resolve("nope.properties")));
        assertThat(failure).isInstanceOf(NoSuchFileException.class);
        assertThat(ErrorText.of(failure)).isEqualTo(dir.resolve("nope.properties") + ": no such file");
        assertThat(ErrorText.of(new UncheckedIOException((IOException) failure))).isEqualTo(dir.resolve("nope.properties") + ": no such file");
        assertThat(ErrorText.problem(failure)).isEqualTo("no such file");
        assertThat(ErrorText.problem(new AccessDeniedException("x"))).isEqualTo("permission denied");
        assertThat(ErrorText.problem(new IOException("Is a directory"))).isEqualTo("Is a directory");
    }

    @Test
    void wrappersGiveWayToTheMessageTheyCarry() {
        CompletableFuture<Object> future = CompletableFuture.failedFuture(new IllegalStateException("broker 127.0.0.1:1 unreachable"));
        Throwable failure = catchThrowable(future::get);
        assertThat(failure).isInstanceOf(ExecutionException.class);
        assertThat(ErrorText.of(failure)).isEqualTo("broker 127.0.0.1:1 unreachable");
        assertThat(ErrorText.of(new RuntimeException("cannot write checkpoint x.bin", new IOException("No space left on device"))))
                .isEqualTo("cannot write checkpoint x.bin: No space left on device");
        assertThat(ErrorText.of(new RuntimeException("cannot send (disk full)", new IOException("disk full")))).isEqualTo("cannot send (disk full)");
        assertThat(ErrorText.of(new RuntimeException(null, new IOException("No space left on device")))).isEqualTo("No space left on device");
        assertThat(ErrorText.of(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
