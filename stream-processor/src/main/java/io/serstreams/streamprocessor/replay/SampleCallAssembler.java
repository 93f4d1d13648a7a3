package io.serstreams.streamprocessor.replay;

import io.serstreams.featureextractor.features.Resampling;
import io.serstreams.streamprocessor.replay.CallScript.Cast;
import io.serstreams.streamprocessor.replay.CallScript.Turn;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.serstreams.streamprocessor.replay.CallScript.Delivery.ANGRY;
import static io.serstreams.streamprocessor.replay.CallScript.Delivery.ANGRY_STRONG;
import static io.serstreams.streamprocessor.replay.CallScript.Delivery.CALM;
import static io.serstreams.streamprocessor.replay.CallScript.Delivery.CALM_STRONG;
import static io.serstreams.streamprocessor.replay.CallScript.Delivery.HAPPY;
import static io.serstreams.streamprocessor.replay.CallScript.Delivery.HAPPY_STRONG;
import static io.serstreams.streamprocessor.replay.CallScript.Delivery.NEUTRAL;
import static io.serstreams.streamprocessor.replay.CallScript.Delivery.SAD;
import static io.serstreams.streamprocessor.replay.CallScript.Party.AGENT;
import static io.serstreams.streamprocessor.replay.CallScript.Party.CUSTOMER;

/**
 * Builds the demo's calls from their scripts: stereo recordings, agent on the left (channel 0) and
 * customer on the right (channel 1), the two taking turns with short pauses. One call escalates
 * (the customer grows angry), one stays friendly, and the escalating one is also written as an
 * 8 kHz mu-law telephony recording. The turns' speech comes from a {@link TurnVoices}.
 */
public final class SampleCallAssembler {
    static final int RATE = 16000;
    static final int TELEPHONY_RATE = 8000;
    static final double GAP_SECONDS = 0.3;
    /** The call also written as a telephony recording. */
    static final String TELEPHONY_CALL = "support-call-escalating";

    private SampleCallAssembler() {
    }

    /** The demo's calls. Corpus casts are RAVDESS test speakers (never trained on): actors 21 and 23 male, 22 and 24 female. */
    public static List<CallScript> scripts() {
        CallScript escalating = new CallScript(TELEPHONY_CALL, new Cast(21, "en-us+m3"), new Cast(22, "en-us+f3"), List.of(
                new Turn(AGENT, NEUTRAL, 1, 1, "Thank you for calling support, my name is Sam. How can I help you today?"),
                new Turn(CUSTOMER, NEUTRAL, 1, 1, "Hi. My internet connection has been dropping since Monday."),
                new Turn(AGENT, CALM, 2, 1, "I am sorry to hear that. Let me look up your account."),
                new Turn(CUSTOMER, SAD, 2, 1, "I work from home, and I have lost two days of work already."),
                new Turn(AGENT, NEUTRAL, 2, 2, "I can see the line was reset yesterday. Did that help at all?"),
                new Turn(CUSTOMER, ANGRY, 1, 1, "No, it did not help. This is the third time I am calling about this."),
                new Turn(AGENT, CALM, 1, 2, "I understand. I will book a technician for you."),
                new Turn(CUSTOMER, ANGRY_STRONG, 2, 1, "A technician? I was promised one last week and nobody came!"),
                new Turn(AGENT, CALM_STRONG, 1, 1, "I am very sorry. I will make sure someone comes tomorrow morning."),
                new Turn(CUSTOMER, ANGRY_STRONG, 1, 2, "That is not good enough! I want this fixed today, or I am cancelling!"),
                new Turn(AGENT, NEUTRAL, 1, 2, "Let me talk to my supervisor right away."),
                new Turn(CUSTOMER, ANGRY_STRONG, 2, 2, "Just do it! I have been waiting far too long!")));
        CallScript friendly = new CallScript("support-call-friendly", new Cast(23, "en-us+m1"), new Cast(24, "en-us+f2"), List.of(
                new Turn(AGENT, CALM, 1, 1, "Good morning, thanks for calling. What can I do for you?"),
                new Turn(CUSTOMER, NEUTRAL, 1, 1, "Hello, I would like to change the date of my delivery."),
                new Turn(AGENT, NEUTRAL, 2, 1, "Of course. Which date would suit you better?"),
                new Turn(CUSTOMER, HAPPY, 2, 1, "Friday would be great, I will be home all day."),
                new Turn(AGENT, HAPPY, 1, 1, "Wonderful, Friday it is. Your parcel will arrive before noon."),
                new Turn(CUSTOMER, HAPPY_STRONG, 1, 1, "Oh, that is perfect! Thank you so much!"),
                new Turn(AGENT, CALM, 2, 2, "You are welcome. Is there anything else I can help with?"),
                new Turn(CUSTOMER, CALM, 1, 2, "No, that is all. Have a lovely day.")));
        return List.of(escalating, friendly);
    }

    /** Writes the demo's calls, spoken by {@code voices}, into {@code out}; returns the files written. Progress goes to {@code log}. */
    public static List<Path> assemble(TurnVoices voices, Path out, PrintStream log) {
        List<Path> written = new ArrayList<>();
        for (CallScript script : scripts()) {
            float[][] stereo = stereo(script, voices.speak(script));
            Path wav = out.resolve(script.name() + ".wav");
            WavFileWriter.write(wav, RATE, stereo, false);
            written.add(wav);
            log.printf("%s: %.1f s, 16 kHz 16-bit stereo%n", wav, stereo[0].length / (double) RATE);
            if (script.name().equals(TELEPHONY_CALL)) {
                float[][] telephony = {Resampling.resample(stereo[0], RATE, TELEPHONY_RATE), Resampling.resample(stereo[1], RATE, TELEPHONY_RATE)};
                Path mulaw = out.resolve(script.name() + "-telephony.wav");
                WavFileWriter.write(mulaw, TELEPHONY_RATE, telephony, true);
                written.add(mulaw);
                log.printf("%s: %.1f s, 8 kHz mu-law stereo%n", mulaw, telephony[0].length / (double) TELEPHONY_RATE);
            }
        }
        return written;
    }

    /** The turns laid end to end on their parties' channels, a pause before each and after the last. */
    static float[][] stereo(CallScript script, List<float[]> spoken) {
        if (spoken.size() != script.turns().size()) {
            throw new IllegalArgumentException(script.name() + ": " + spoken.size() + " recordings for " + script.turns().size() + " turns");
        }
        int gap = (int) (GAP_SECONDS * RATE);
        int length = gap;
        for (float[] turn : spoken) {
            length += turn.length + gap;
        }
        float[][] channels = new float[2][length];
        int at = gap;
        for (int i = 0; i < spoken.size(); i++) {
            float[] turn = spoken.get(i);
            System.arraycopy(turn, 0, channels[script.turns().get(i).party().channel()], at, turn.length);
            at += turn.length + gap;
        }
        return channels;
    }
}
