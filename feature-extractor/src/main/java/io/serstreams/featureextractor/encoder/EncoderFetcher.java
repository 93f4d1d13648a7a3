package io.serstreams.featureextractor.encoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Puts an encoder's release file into the cache: downloaded over HTTP(S) or imported from a local
 * copy. Either way the bytes go to a temporary file in the cache folder, are checked against the
 * release's size and sha256, and only then are renamed into place; a file that does not match is
 * deleted and refused, so the cache never holds anything but a verified file.
 */
public final class EncoderFetcher {
    private static final String PARTIAL_SUFFIX = ".part";
    // A partial file this old belongs to a run that died while fetching.
    private static final Duration STALE_PARTIAL = Duration.ofHours(1);
    private static final int PROGRESS_STEPS = 10;

    private final EncoderCache cache;
    private final HttpClient http;
    private final Consumer<String> progress;

    /**
     * @param cache    where files go
     * @param http     the client downloads use (it should follow redirects: release files are served from elsewhere)
     * @param progress receives progress lines (for standard error)
     */
    public EncoderFetcher(EncoderCache cache, HttpClient http, Consumer<String> progress) {
        this.cache = cache;
        this.http = http;
        this.progress = progress;
    }

    /** A fetcher with a client that follows redirects and gives up connecting after 30 s. */
    public static EncoderFetcher withDefaultClient(EncoderCache cache, Consumer<String> progress) {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
        return new EncoderFetcher(cache, http, progress);
    }

    /** The file already verified in the cache, if any (then nothing needs fetching). */
    public Optional<Path> cached(EncoderSpec spec) {
        return cache.verified(spec);
    }

    /** Downloads {@code spec}'s file from {@code url} into the cache and returns its verified path there. */
    public Path download(EncoderSpec spec, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new EncoderException("cannot download " + spec.name() + " from " + url + ": not an http or https URL");
        }
        HttpResponse<InputStream> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(2)).GET().build();
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw offline(spec, url, reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw offline(spec, url, "interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw offline(spec, url, "HTTP " + response.statusCode(), null);
            }
            progress.accept("downloading " + spec.name() + " from " + url + " (" + megabytes(spec.size()) + ")");
            return install(spec, body, url.toString());
        } catch (IOException e) {
            throw offline(spec, url, reason(e), e);
        }
    }

    /** Copies a local copy of {@code spec}'s file into the cache, with the same check as a download. */
    public Path importFile(EncoderSpec spec, Path source) {
        if (Files.isDirectory(source)) {
            throw new EncoderException(source + ": is a folder; give the " + spec.fileName() + " file itself");
        }
        try (InputStream in = Files.newInputStream(source)) {
            progress.accept("importing " + spec.name() + " from " + source);
            return install(spec, in, source.toString());
        } catch (NoSuchFileException e) {
            throw new EncoderException(source + ": no such file", e);
        } catch (IOException e) {
            throw new EncoderException("cannot read " + source + ": " + reason(e), e);
        }
    }

    private Path install(EncoderSpec spec, InputStream in, String source) throws IOException {
        Path target = cache.fileOf(spec);
        Path partial = createPartial(target);
        try {
            copyAtMost(in, partial, spec);
            Optional<String> mismatch = spec.mismatch(partial);
            if (mismatch.isPresent()) {
                throw new EncoderException(spec.name() + " from " + source + " is not the release file: " + mismatch.get()
                        + "; refused, the cache is unchanged");
            }
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the default permissions are fine.
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw cacheNotWritable(e);
            }
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private Path createPartial(Path target) {
        Path folder = target.getParent();
        try {
            Files.createDirectories(folder);
            removeStalePartials(folder, target.getFileName().toString());
            return Files.createTempFile(folder, "." + target.getFileName() + ".", PARTIAL_SUFFIX);
        } catch (IOException e) {
            throw cacheNotWritable(e);
        }
    }

    private EncoderException cacheNotWritable(IOException e) {
        return new EncoderException("cannot write to the encoder cache " + cache.root() + " (" + cache.origin() + "): " + reason(e)
                + "; set " + EncoderCache.ROOT_PROPERTY + " or " + EncoderCache.ROOT_ENV + " to a writable folder", e);
    }

    /** Copies at most one byte more than the release file has, so a wrong answer cannot fill the disk. */
    private void copyAtMost(InputStream in, Path partial, EncoderSpec spec) throws IOException {
        long limit = spec.size() + 1;
        long copied = 0;
        int reported = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(partial)) {
            for (int n; copied < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - copied))) > 0; ) {
                write(out, buffer, n);
                copied += n;
                int step = (int) Math.min(PROGRESS_STEPS, copied * PROGRESS_STEPS / spec.size());
                if (step > reported) {
                    reported = step;
                    progress.accept(String.format(Locale.ROOT, "  %3d%%  %s", step * 100 / PROGRESS_STEPS, megabytes(copied)));
                }
            }
        }
    }

    // Failing to write is the cache's problem, not the source's: told apart from read errors, which name the source.
    private void write(OutputStream out, byte[] buffer, int length) {
        try {
            out.write(buffer, 0, length);
        } catch (IOException e) {
            throw cacheNotWritable(e);
        }
    }

    private static void removeStalePartials(Path folder, String fileName) {
        Instant before = Instant.now().minus(STALE_PARTIAL);
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(folder, "." + fileName + ".*" + PARTIAL_SUFFIX)) {
            for (Path partial : partials) {
                if (Files.getLastModifiedTime(partial).toInstant().isBefore(before)) {
                    Files.deleteIfExists(partial);
                }
            }
        } catch (IOException e) {
            // Leftovers only take space; the fetch itself does not depend on removing them.
        }
    }

    private static EncoderException offline(EncoderSpec spec, URI url, String reason, Throwable cause) {
        return new EncoderException("cannot download " + spec.name() + " from " + url + ": " + reason
                + "; copy the file and run ./ser encoder fetch --from FILE", cause);
    }

    /** A short reason for an I/O failure; the JDK's HTTP client often leaves the message empty and the cause telling. */
    public static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "host not found" + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof HttpTimeoutException) {
                return "no answer in time";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e instanceof ConnectException ? "connection failed" : e.getClass().getSimpleName();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
