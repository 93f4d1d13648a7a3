package io.serstreams.modelserver.service;

import io.micronaut.http.server.HttpServerConfiguration;

import java.util.Locale;

/**
 * The largest upload the service takes, as Micronaut applies it: a body must fit both
 * {@code max-request-size} and {@code max-request-buffer-size}, which application.yml sets together
 * from {@code ser.model.max-upload}.
 *
 * @param bytes the limit in bytes
 */
record UploadLimit(long bytes) {
    /** 16 kHz, 16-bit, mono: the rate of the project's recordings, in bytes per second of audio. */
    static final int MONO_16K_BYTES_PER_SECOND = 16000 * 2;

    static UploadLimit of(HttpServerConfiguration server) {
        return new UploadLimit(Math.min(server.getMaxRequestSize(), server.getMaxRequestBufferSize()));
    }

    /** Minutes of 16 kHz 16-bit mono WAV audio that fit under the limit (half as many in stereo). */
    double monoMinutes() {
        return bytes / (double) MONO_16K_BYTES_PER_SECOND / 60;
    }

    /** The reason a body of {@code uploadBytes} (negative where unknown) was refused. */
    String refusal(long uploadBytes) {
        String size = uploadBytes >= 0 ? "an upload of " + mebibytes(uploadBytes) : "the upload";
        return String.format(Locale.ROOT, "%s is over the %s limit (about %.1f minutes of 16 kHz 16-bit mono WAV, %.1f of stereo): "
                + "send a shorter recording, or raise ser.model.max-upload (SER_MODEL_MAX_UPLOAD)",
                size, mebibytes(bytes), monoMinutes(), monoMinutes() / 2);
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB (%d bytes)", bytes / 1048576.0, bytes);
    }
}
