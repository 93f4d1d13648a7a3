package io.serstreams.streamprocessor.replay;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.features.Resampling;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the demo's sample calls from RAVDESS clips of test speakers (never trained on): stereo
 * recordings, agent on the left and customer on the right, the two taking turns. One call
 * escalates (the customer grows angry), one stays friendly, and the escalating one is also
 * written as an 8 kHz mu-law telephony recording.
 */
public final class SampleCallAssembler {
    /** RAVDESS clip of an actor: emotion, intensity, statement, repetition, as in the corpus's file names. */
    record Clip(int actor, int emotion, int intensity, int statement, int repetition) {
        Path path(Path ravdess) {
            return ravdess.resolve(String.format("Actor_%02d/03-01-%02d-%02d-%02d-%02d-%02d.flac", actor, emotion, intensity, statement, repetition, actor));
        }
    }

    /** A call: the agent's and the customer's turns, in order. */
    record Script(String name, List<Clip> agent, List<Clip> customer) {
    }

    static final int RATE = 16000;
    static final double GAP_SECONDS = 0.3;

    static List<Script> scripts() {
        // Agent: actor 21 (male), neutral and calm. Customer: actor 22 (female), from neutral to strongly angry.
        Script escalating = new Script("support-call-escalating",
                List.of(new Clip(21, 1, 1, 1, 1), new Clip(21, 2, 1, 2, 1), new Clip(21, 1, 1, 2, 2), new Clip(21, 2, 1, 1, 2), new Clip(21, 2, 2, 1, 1),
                        new Clip(21, 1, 1, 1, 2)),
                List.of(new Clip(22, 1, 1, 1, 1), new Clip(22, 4, 1, 2, 1), new Clip(22, 5, 1, 1, 1), new Clip(22, 5, 2, 2, 1), new Clip(22, 5, 2, 1, 2),
                        new Clip(22, 5, 2, 2, 2)));
        // Agent: actor 23 (male), calm. Customer: actor 24 (female), pleased.
        Script friendly = new Script("support-call-friendly",
                List.of(new Clip(23, 2, 1, 1, 1), new Clip(23, 1, 1, 2, 1), new Clip(23, 3, 1, 1, 1), new Clip(23, 2, 1, 2, 2)),
                List.of(new Clip(24, 1, 1, 1, 1), new Clip(24, 3, 1, 2, 1), new Clip(24, 3, 2, 1, 1), new Clip(24, 2, 1, 1, 2)));
        return List.of(escalating, friendly);
    }

    /** Writes the sample calls into {@code out}; returns the files written. */
    public static List<Path> assemble(Path ravdess, Path out, PrintStream log) {
        if (!Files.isDirectory(ravdess)) {
            throw new IllegalArgumentException("no RAVDESS corpus at " + ravdess + " (give --corpora DIR holding ravdess/)");
        }
        List<Path> written = new ArrayList<>();
        for (Script script : scripts()) {
            float[][] stereo = stereo(script, ravdess);
            Path wav = out.resolve(script.name() + ".wav");
            WavFileWriter.write(wav, RATE, stereo, false);
            written.add(wav);
            log.printf("%s: %.1f s, 16 kHz 16-bit stereo%n", wav, stereo[0].length / (double) RATE);
            if (script.name().equals("support-call-escalating")) {
                float[][] telephony = {Resampling.resample(stereo[0], RATE, 8000), Resampling.resample(stereo[1], RATE, 8000)};
                Path mulaw = out.resolve(script.name() + "-telephony.wav");
                WavFileWriter.write(mulaw, 8000, telephony, true);
                written.add(mulaw);
                log.printf("%s: %.1f s, 8 kHz mu-law stereo%n", mulaw, telephony[0].length / 8000.0);
            }
        }
        return written;
    }

    static float[][] stereo(Script script, Path ravdess) {
        List<float[]> agent = script.agent().stream().map(c -> read(c, ravdess)).toList();
        List<float[]> customer = script.customer().stream().map(c -> read(c, ravdess)).toList();
        int gap = (int) (GAP_SECONDS * RATE);
        int length = gap;
        for (int i = 0; i < agent.size(); i++) {
            length += agent.get(i).length + gap + customer.get(i).length + gap;
        }
        float[][] channels = new float[2][length];
        int at = gap;
        for (int i = 0; i < agent.size(); i++) {
            System.arraycopy(agent.get(i), 0, channels[0], at, agent.get(i).length);
            at += agent.get(i).length + gap;
            System.arraycopy(customer.get(i), 0, channels[1], at, customer.get(i).length);
            at += customer.get(i).length + gap;
        }
        return channels;
    }

    private static float[] read(Clip clip, Path ravdess) {
        Path path = clip.path(ravdess);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("missing RAVDESS clip " + path);
        }
        var audio = AudioFiles.read(path);
        return audio.sampleRate() == RATE ? audio.channels()[0] : Resampling.resample(audio.channels()[0], audio.sampleRate(), RATE);
    }
}
