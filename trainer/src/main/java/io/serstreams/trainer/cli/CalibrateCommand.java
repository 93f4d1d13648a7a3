package io.serstreams.trainer.cli;

import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.featureextractor.features.TelephoneLine;
import io.serstreams.modelserver.bundle.BundleWriter;
import io.serstreams.modelserver.bundle.Calibration;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.classify.FileClassifier;
import io.serstreams.modelserver.engine.BundleLoader;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.SegmentPrediction;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.SpeakerSplits;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.data.ValidationSplit;
import io.serstreams.trainer.export.ModelCardSection;
import io.serstreams.trainer.eval.CalibrationError;
import io.serstreams.trainer.eval.CalibrationNoise;
import io.serstreams.trainer.eval.Evaluator;
import io.serstreams.trainer.eval.CalibrationSample;
import io.serstreams.trainer.eval.ReliabilityDiagram;
import io.serstreams.trainer.eval.TemperatureFit;
import io.serstreams.trainer.labels.Emotion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ser calibrate}: fits the emotion head's temperature on the validation split of the train
 * speakers, reports the expected calibration error per domain on the test speakers before and
 * after (over each of {@code --lines}), draws reliability diagrams, and with {@code --write} stores
 * the temperature in the bundle, which the engine then serves.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Fit the emotion head's temperature on the validation split of the train speakers (every fourth train speaker of each corpus), "
                + "report expected calibration error per domain on the test speakers before and after, draw reliability diagrams (PNG), and with "
                + "--write store the temperature in the bundle. Fit it on a bundle trained with --validation: a model that trained on those "
                + "speakers is more confident on them than on anyone else.",
        footerHeading = "%nExamples:%n",
        footer = {"  ./ser train --config trainer/config/mpgln-mn04.properties --validation --out target/models/mn04-val",
                "  ./ser calibrate --model target/models/mn04-val --lines wideband,mu-law --results results/calibration"})
final class CalibrateCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(CalibrateCommand.class);
    private static final int BATCH = 64;
    private static final long NOISE_SEED = 1;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model bundle (a folder).")
    Path model;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "target/results/calibration",
            description = "Where the report (Markdown) and the reliability diagrams (PNG) go (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--own-profiles", description = "Read every utterance through its domain's own profile, made from the unlabelled audio of "
            + "the same speakers over the same line, as the stream serves a declared domain once its profile has taken over; the temperature "
            + "is fitted on such readings of the validation speakers.")
    boolean ownProfiles;

    @Option(names = "--per-segment", description = "Fit and score each speech segment's probabilities, as the stream's events carry them, "
            + "instead of each utterance's reading (the mean of its segments' probabilities, as ser classify gives it).")
    boolean perSegment;

    @Option(names = "--per-domain", description = "Also fit a temperature for each training domain, on the validation segments its domain "
            + "head names (in domain; at least --domain-segments of them): a segment then takes the temperature of the domain its "
            + "domain head names, and any other segment the one fitted on all. Needs --per-segment.")
    boolean perDomain;

    private static final int DEFAULT_DOMAIN_SEGMENTS = 100;

    @Option(names = "--domain-segments", paramLabel = "N", defaultValue = "" + DEFAULT_DOMAIN_SEGMENTS,
            description = "With --per-domain: the validation segments a domain needs for a temperature of its own; fewer fit noise (default: ${DEFAULT-VALUE}).")
    int domainSegments;

    @CommandLine.Mixin
    StoreOptions store = new StoreOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        store.requireBundles(List.of(model));
        if (perDomain && !perSegment) {
            throw new IllegalArgumentException("--per-domain fits each domain's temperature on single segments: give --per-segment as well");
        }
        DataProblems problems = data.problems();
        SpeakerSplits splits = data.speakerSplits();
        List<Utterance> read = data.all(problems);
        // The speakers a --validation run held out: chosen among every train-side recording, as ProtocolRun chooses them.
        Set<String> validationSpeakers = ValidationSplit.speakers(read.stream().filter(u -> !splits.isTest(u)).toList());
        List<Utterance> all = read.stream().filter(u -> ProtocolRun.DISCRETE_DOMAINS.contains(u.domain()) && u.labels().coreClass().isPresent())
                .toList();
        List<Utterance> validation = all.stream().filter(u -> !splits.isTest(u) && ValidationSplit.isValidation(validationSpeakers, u)).toList();
        List<Utterance> test = all.stream().filter(splits::isTest).toList();
        BundleLoader loader = BundleLoader.configured(false, null, spec.commandLine().getErr()::println);
        // The test figures are the served model's: the bundle written to when it is another (the validation twin's sibling).
        Path scoredPath = store.storing() ? store.target(model) : model;
        ModelBundle served = loader.load(scoredPath);
        // Both read without any calibration they carry (every temperature below is fitted on and applied to the graph's own
        // probabilities), and the twin with the served bundle's out-of-domain threshold, which decides a segment's temperature.
        ModelBundle scored = served.withManifest(served.manifest().withCalibration(null));
        ModelBundle measured = scoredPath.equals(model) ? scored : loader.load(model);
        ModelBundle bundle = measured.withManifest(measured.manifest().withCalibration(null)
                .withOutOfDomainThreshold(served.manifest().outOfDomainThreshold()));
        List<String> labels = bundle.manifest().labels().emotion();
        List<TelephoneLine> lines = data.evaluatedLines();
        StringBuilder report = new StringBuilder("# Calibration of " + scored.manifest().version() + "\n\n");
        Calibration fitted;
        int fittedOn;
        try (InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.cpu())) {
            // Fitted on every line it is reported on: a contact centre's audio is mostly telephone, and one
            // temperature fitted on wideband leaves the telephone copies less well calibrated.
            List<CalibrationSample> fitOn = new ArrayList<>();
            for (TelephoneLine line : lines) {
                fitOn.addAll(samples(engine, labels, Utterance.heardOver(validation, line), problems, "validation " + line.label()));
            }
            double t = TemperatureFit.fit(fitOn);
            fittedOn = fitOn.size();
            String lineNames = String.join(", ", lines.stream().map(TelephoneLine::label).toList());
            report.append(String.format(Locale.ROOT, "Temperature fitted on %d validation readings (%s%s) of %s: **T = %.3f** (negative "
                    + "log-likelihood %.3f uncalibrated, %.3f after).%n%n", fitOn.size(), lineNames, readingsNote(),
                    bundle.manifest().version(), t, TemperatureFit.nll(fitOn, 1), TemperatureFit.nll(fitOn, t)));
            Map<String, Double> byDomain = perDomain ? TemperatureFit.perDomain(fitOn, domainSegments) : Map.of();
            fitted = new Calibration(t, "", byDomain);
            if (perDomain) {
                report.append("Temperature per training domain, each fitted on the validation segments (every line) its domain head names in ")
                        .append("domain; a segment the domain head names out of domain, or in a domain with fewer than ").append(domainSegments)
                        .append(" such segments, takes T above:\n\n| domain head names | validation segments | T | negative log-likelihood at T above → own T |\n|---|---:|---:|---:|\n");
                for (var entry : TemperatureFit.byNamedDomain(fitOn).entrySet()) {
                    String domain = entry.getKey().equals(CalibrationSample.OUT_OF_DOMAIN) ? "(out of domain)" : entry.getKey();
                    Double own = byDomain.get(entry.getKey());
                    report.append(String.format(Locale.ROOT, "| %s | %d | %s | %.3f → %s |%n", domain, entry.getValue().size(),
                            own == null ? "(T above)" : String.format(Locale.ROOT, "%.3f", own), TemperatureFit.nll(entry.getValue(), t),
                            own == null ? "-" : String.format(Locale.ROOT, "%.3f", TemperatureFit.nll(entry.getValue(), own))));
                }
                report.append('\n');
            }
        }
        report.append("Expected calibration error (").append(CalibrationError.BINS).append(" bins of the top probability) of ")
                .append(perSegment ? "each speech segment's probabilities on the test speakers, as events carry them, by "
                        : "each test utterance's reading by ").append(scored.manifest().version())
                .append(perSegment ? "" : ", the mean of its segments' probabilities").append(readingsNote())
                .append(". A perfectly calibrated model's ECE on the same readings is not zero: the last column is its ")
                .append("mean and 95th percentile over ").append(CalibrationNoise.DRAWS).append(" draws of each reading's class from its ")
                .append("calibrated probabilities (an ECE under the percentile is within the noise of perfect calibration on this many readings")
                .append(perSegment ? "; the segments of one utterance are not independent, so this understates the noise" : "").append(").\n\n");
        report.append("| line | domain | ").append(perSegment ? "segments" : "utterances").append(" | accuracy | ECE uncalibrated (T = 1) | ")
                .append(perDomain ? "ECE, one T | ECE, T per domain" : "ECE calibrated").append(" | ECE if perfectly calibrated (mean, 95%) |\n")
                .append("|---|---|---:|---:|---:|---:|").append(perDomain ? "---:|" : "").append("---:|\n");
        Calibration single = new Calibration(fitted.temperature(), "");
        try (InferenceEngine engine = InferenceEngine.open(scored, EngineOptions.cpu())) {
            for (TelephoneLine line : lines) {
                List<CalibrationSample> heard = samples(engine, labels, Utterance.heardOver(test, line), problems, "test " + line.label());
                Map<String, List<CalibrationSample>> byDomain = new LinkedHashMap<>();
                heard.forEach(s -> byDomain.computeIfAbsent(s.domain(), d -> new ArrayList<>()).add(s));
                byDomain.put("all", heard);
                for (var entry : byDomain.entrySet()) {
                    CalibrationError before = CalibrationError.of(entry.getValue(), Calibration.NONE);
                    CalibrationError after = CalibrationError.of(entry.getValue(), fitted);
                    CalibrationNoise noise = CalibrationNoise.of(entry.getValue(), fitted, CalibrationNoise.DRAWS, NOISE_SEED);
                    String oneT = perDomain ? String.format(Locale.ROOT, "%.3f | ", CalibrationError.of(entry.getValue(), single).ece()) : "";
                    report.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %s%.3f | %.3f, %.3f |%n", line.label(), entry.getKey(),
                            before.count(), before.accuracy(), before.ece(), oneT, after.ece(), noise.mean(), noise.upper()));
                    if (entry.getKey().equals("all")) {
                        ReliabilityDiagram.write(results.resolve("reliability-" + line.label() + ".png"),
                                scored.manifest().version() + ", test speakers, " + line.label(), before, after,
                                perDomain ? "T per domain" : String.format(Locale.ROOT, "T = %.2f", fitted.temperature()));
                    }
                }
            }
        }
        String command = "./ser calibrate --model " + model + data.linesArgument() + (ownProfiles ? " --own-profiles" : "") + (perSegment ? " --per-segment" : "")
                + (perDomain ? " --per-domain" + (domainSegments == DEFAULT_DOMAIN_SEGMENTS ? "" : " --domain-segments " + domainSegments) : "") + store.arguments();
        report.append("\nReliability diagrams: `reliability-<line>.png` beside this file.\n\n```\n").append(command).append("\n```\n");
        Files.createDirectories(results);
        Files.writeString(results.resolve("CALIBRATION.md"), report);
        if (store.storing()) {
            Path target = store.target(model);
            String fittedWith = target.equals(model) ? "" : ", with " + bundle.manifest().version() + " (the same settings, those speakers held out)";
            ModelManifest manifest = ModelBundle.load(target).manifest().withCalibration(new Calibration(fitted.temperature(),
                    String.format(Locale.ROOT, "validation split of the train speakers (every fourth per corpus), %d readings%s%s", fittedOn, readingsNote(), fittedWith),
                    fitted.domains()));
            BundleWriter.write(target, manifest, Map.of());
            ModelCardSection.write(target, "Calibration", manifest.calibrationOrNone().fittedOn() + ".\n\n"
                    + report.substring(report.indexOf("Temperature fitted")));
        }
        spec.commandLine().getOut().print(report);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private String readingsNote() {
        return (perSegment ? ", per segment" : "") + (perDomain ? ", a temperature per domain" : "") + (ownProfiles ? ", each through its domain's own profile" : "");
    }

    private List<CalibrationSample> samples(InferenceEngine engine, List<String> labels, List<Utterance> utterances, DataProblems problems,
                                            String what) {
        LOG.info("calibrate, {}: reading {} utterances{}", what, utterances.size(), ownProfiles ? " twice (pool, then own profile)" : "");
        Map<Utterance, FileClassifier.FileResult> read;
        if (ownProfiles) {
            read = Evaluator.readWithOwnProfiles(engine, utterances, problems).ownProfile();
        } else {
            FileClassifier files = new FileClassifier(engine, BATCH);
            read = new LinkedHashMap<>();
            long start = System.nanoTime();
            for (int i = 0; i < utterances.size(); i++) {
                Utterance u = utterances.get(i);
                try {
                    read.put(u, files.classify(u.read()));
                } catch (AudioFormatException e) {
                    problems.report(u.file(), e.getMessage());
                }
                if ((i + 1) % 200 == 0 || i + 1 == utterances.size()) {
                    LOG.info("calibrate, {}: {}/{} utterances, {} s elapsed", what, i + 1, utterances.size(),
                            Math.round((System.nanoTime() - start) / 1e9));
                }
            }
        }
        List<CalibrationSample> out = new ArrayList<>();
        read.forEach((u, result) -> {
            // As the channel's reading: its speech segments only (the speech gate's).
            List<SegmentPrediction> speech = result.channels().get(0).segments().stream().map(s -> s.prediction())
                    .filter(p -> p.speech().speech()).toList();
            List<float[]> probabilities = speech.stream().map(SegmentPrediction::emotionProbabilities).toList();
            // The domain a calibration would choose each segment's temperature by: its domain head's, where in domain.
            List<String> domains = speech.stream().map(p -> p.outOfDomain() ? CalibrationSample.OUT_OF_DOMAIN : p.nearestDomain()).toList();
            int label = labels.indexOf(Emotion.CORE_CLASSES.get(u.labels().coreClass().getAsInt()));
            if (perSegment) {
                for (int i = 0; i < speech.size(); i++) {
                    out.add(new CalibrationSample(u.domain(), List.of(probabilities.get(i)), List.of(domains.get(i)), label));
                }
            } else if (!speech.isEmpty()) {
                out.add(new CalibrationSample(u.domain(), probabilities, domains, label));
            }
        });
        return out;
    }
}
