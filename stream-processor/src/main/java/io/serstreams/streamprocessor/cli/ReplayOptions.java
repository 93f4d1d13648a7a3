package io.serstreams.streamprocessor.cli;

import io.serstreams.featureextractor.audio.AudioFileList;
import io.serstreams.schema.AudioEncoding;
import io.serstreams.schema.DeclaredDomain;
import io.serstreams.streamprocessor.inference.DomainTagger;
import io.serstreams.streamprocessor.replay.CallRecording;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How archived calls are replayed: pacing, chunking, encoding, domain. Shared by replay and demo. */
final class ReplayOptions {
    @Option(names = "--speed", defaultValue = "1", description = "1 = real time, N = N times faster, max = as fast as possible (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--chunk-ms", defaultValue = "200", description = "Audio per chunk event, in milliseconds (default: ${DEFAULT-VALUE}).")
    int chunkMillis;

    @Option(names = "--encoding", defaultValue = "pcm16", description = "Chunk encoding: pcm16, mulaw, alaw, float32 (default: ${DEFAULT-VALUE}).")
    String encoding;

    @Option(names = "--domain", paramLabel = "tenant=..,language=..,site=..", description = "Domain declared on the calls' chunks (default: none).")
    String domain;

    @Option(names = "--call-suffix", defaultValue = "", description = "Appended to each call id (the file name), to replay a call again as a new call.")
    String callSuffix;

    double speedFactor() {
        if (speed.equalsIgnoreCase("max")) {
            return 0;
        }
        try {
            double factor = Double.parseDouble(speed);
            if (factor > 0) {
                return factor;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--speed takes a positive number or max, not " + speed);
    }

    AudioEncoding audioEncoding() {
        return switch (encoding.toLowerCase(Locale.ROOT)) {
            case "pcm16" -> AudioEncoding.PCM16LE;
            case "mulaw" -> AudioEncoding.MULAW;
            case "alaw" -> AudioEncoding.ALAW;
            case "float32" -> AudioEncoding.FLOAT32LE;
            default -> throw new IllegalArgumentException("--encoding takes pcm16, mulaw, alaw or float32, not " + encoding);
        };
    }

    /** The recordings named: files, folders (recursively), @LIST files and - (see {@link AudioFileList}). */
    static List<Path> audioFiles(List<Path> paths) {
        return AudioFileList.expand(paths);
    }

    /** Reads every file as a call; telephony files named *-telephony.* go as mu-law whatever --encoding says. */
    List<CallRecording> load(List<Path> files) {
        DeclaredDomain declared = domain == null ? null : DomainTagger.parse(domain);
        Instant start = Instant.now();
        List<CallRecording> calls = new ArrayList<>();
        for (Path file : files) {
            AudioEncoding chosen = CallRecording.callIdOf(file).endsWith("-telephony") ? AudioEncoding.MULAW : audioEncoding();
            calls.add(CallRecording.load(file, CallRecording.callIdOf(file) + callSuffix, chunkMillis, chosen, declared, start));
        }
        return calls;
    }
}
