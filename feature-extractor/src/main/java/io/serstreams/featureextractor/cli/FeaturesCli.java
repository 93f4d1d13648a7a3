package io.serstreams.featureextractor.cli;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.LogMelFrontEnd;
import io.serstreams.featureextractor.features.Resampling;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.featureextractor.features.SegmentedChannel;
import io.serstreams.schemas.errors.ErrorText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code ser features ...}: the feature front end on audio files, without Kafka. */
@Command(name = "ser", mixinStandardHelpOptions = true, subcommands = FeaturesCli.Features.class,
        description = "SER Streams feature tools.")
public final class FeaturesCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FeaturesCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // The project's own refusals are complete sentences; anything else is described from its cause chain, never by class name.
            String message = e instanceof AudioFormatException || e instanceof IllegalArgumentException ? e.getMessage() : ErrorText.of(e);
            commandLine.getErr().println("ser features: " + message);
            return 1;
        });
        return cli;
    }

    @Command(name = "features", mixinStandardHelpOptions = true, subcommands = {LogMel.class, Segments.class},
            description = "Compute the pipeline's features of a WAV or FLAC file.",
            footerHeading = "%nExamples:%n",
            footer = {"  # speech segments of each channel",
                    "  ./ser features segments call.wav",
                    "  # log-mel matrix of channel 0, as CSV",
                    "  ./ser features logmel call.flac > call.csv"})
    static final class Features {
    }

    @Command(name = "logmel", mixinStandardHelpOptions = true,
            description = "Print the VGGish log-mel matrix of one channel as CSV: one line per 10 ms frame, 64 values.",
            footerHeading = "%nExamples:%n",
            footer = {"  ./ser features logmel call.flac > call.csv",
                    "  ./ser features logmel --channel 1 call.wav > customer.csv"})
    static final class LogMel implements Runnable {
        @Parameters(paramLabel = "FILE", description = "WAV or FLAC file, any sample rate (resampled to 16 kHz).")
        Path file;

        @Option(names = "--channel", defaultValue = "0", description = "Channel of a multi-channel file (default: ${DEFAULT-VALUE}).")
        int channel;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            DecodedAudio audio = AudioFiles.read(file);
            float[] samples = Resampling.resample(channelOf(audio, channel, file), audio.sampleRate(), FeatureConfig.DEFAULT.sampleRate());
            float[][] rows = new LogMelFrontEnd(FeatureConfig.DEFAULT).logMel(samples);
            if (rows.length == 0) {
                throw new AudioFormatException(file + ": too short for one 25 ms frame");
            }
            PrintWriter out = spec.commandLine().getOut();
            StringBuilder line = new StringBuilder();
            for (float[] row : rows) {
                line.setLength(0);
                for (int b = 0; b < row.length; b++) {
                    if (b > 0) {
                        line.append(',');
                    }
                    line.append(String.format(Locale.ROOT, "%.6f", row[b]));
                }
                out.println(line);
            }
            out.flush();
        }
    }

    @Command(name = "segments", mixinStandardHelpOptions = true,
            description = {"Print each speech segment of every channel: span, voiced ratio and tensor shapes.",
                    "Comment lines (#) give the file, and per channel how much audio went into segments and why the rest did not."},
            footerHeading = "%nExamples:%n",
            footer = {"  ./ser features segments call.wav",
                    "  # segments of one 0.96 s patch each",
                    "  ./ser features segments --segment-patches 1 call.flac"})
    static final class Segments implements Runnable {
        @Parameters(paramLabel = "FILE", description = "WAV or FLAC file; each channel of a stereo file is cut separately.")
        Path file;

        @Option(names = "--segment-patches", defaultValue = "2", description = "Segment length in 0.96 s patches, 1 to 25 (default: ${DEFAULT-VALUE}).")
        int segmentPatches;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            FeatureConfig base = FeatureConfig.DEFAULT;
            checkSegmentPatches(segmentPatches, base);
            DecodedAudio audio = AudioFiles.read(file);
            FeatureConfig config = base.withSegments(segmentPatches * base.patchFrames(), segmentPatches * base.patchFrames());
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "# %s: %d channel(s), %d Hz, %.2f s; features %s%n", file, audio.channelCount(), audio.sampleRate(),
                    audio.durationSeconds(), config.version());
            out.println("channel,segment,start_ms,end_ms,voiced_ratio,concealed_ms,logmel_shape,descriptor_shape");
            int total = 0;
            List<String> tallies = new ArrayList<>();
            for (int c = 0; c < audio.channelCount(); c++) {
                SegmentedChannel channel = ChannelFeatureExtractor.segment(audio.channels()[c], audio.sampleRate(), config);
                for (Segment s : channel.segments()) {
                    out.printf(Locale.ROOT, "%d,%d,%d,%d,%.3f,%d,%s,%s%n", c, s.index(), s.startMs(), s.endMs(), s.voicedRatio(),
                            s.concealedMillis(), shape(s.logMelShape(config)), shape(s.descriptorShape()));
                    total++;
                }
                tallies.add("# channel " + c + ": " + channel.tally().describe(config));
            }
            tallies.forEach(out::println);
            out.printf("# %d segment(s)%n", total);
            out.flush();
        }
    }

    /** Checked before any multiplication: a count of millions of patches overflows the frame count. */
    private static void checkSegmentPatches(int patches, FeatureConfig config) {
        int most = config.maxSegmentPatches();
        if (patches < 1 || patches > most) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--segment-patches takes 1 to %d (patches of %.2f s; a segment's features must fit in one Kafka record, so at most %.0f s), not %d%s",
                    most, config.patchSeconds(), most * config.patchSeconds(), patches, patches > most ? " (" + duration(patches * config.patchSeconds()) + ")" : ""));
        }
    }

    private static String duration(double seconds) {
        if (seconds >= 86400) {
            return String.format(Locale.ROOT, "%.1f days", seconds / 86400);
        }
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%.1f hours", seconds / 3600);
        }
        return seconds >= 60 ? String.format(Locale.ROOT, "%.1f minutes", seconds / 60) : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    private static float[] channelOf(DecodedAudio audio, int channel, Path file) {
        if (channel < 0 || channel >= audio.channelCount()) {
            throw new IllegalArgumentException(file + " has " + audio.channelCount() + " channel(s); there is no channel " + channel);
        }
        return audio.channels()[channel];
    }

    private static String shape(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining("x", "[", "]"));
    }
}
