package io.serstreams.trainer.cli;

import io.serstreams.featureextractor.audio.AudioFormatException;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.features.TelephoneLine;
import io.serstreams.featureextractor.signals.NonSpeechSignals;
import io.serstreams.modelserver.bundle.BundleWriter;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.bundle.ModelManifest;
import io.serstreams.modelserver.engine.BundleLoader;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.SpeakerSplits;
import io.serstreams.trainer.data.Utterance;
import io.serstreams.trainer.data.ValidationSplit;
import io.serstreams.trainer.export.ModelCardSection;
import io.serstreams.trainer.eval.DomainReader;
import io.serstreams.trainer.eval.DomainReading;
import io.serstreams.trainer.eval.EmbeddingPool;
import io.serstreams.trainer.eval.OodBundleResult;
import io.serstreams.trainer.eval.OodReport;
import io.serstreams.trainer.eval.OodScore;
import io.serstreams.trainer.eval.OodSeparation;
import io.serstreams.trainer.eval.OodThreshold;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ser ood}: how well the served engine's out-of-domain scores tell a corpus the bundle did not
 * train on, and generated non-speech, from the test speakers of its training corpora (AUROC); the
 * flag's threshold chosen on in-domain validation speakers, and with {@code --write} stored in the
 * bundle's manifest.
 */
@Command(name = "ood", mixinStandardHelpOptions = true,
        description = "Measure the out-of-domain detector of model bundles as served: AUROC of each score (1 - max domain probability, domain-head "
                + "entropy, the embedding's distance from the training segments) for the test speakers of every discrete corpus a bundle did not "
                + "train on, and (--non-speech) for generated silence, noise, music, DTMF, ring-back and hold music, against the test speakers of "
                + "its training corpora; thresholds chosen on the validation split of the train speakers. With --write, store the max-probability "
                + "threshold in the bundle as its outOfDomainThreshold.",
        footerHeading = "%nExamples:%n",
        footer = {"  # leave-one-domain-out bundles (trained with --validation, so the validation speakers are unseen)",
                "  ./ser ood --model target/models/ood-mn04-emodb-val,target/models/ood-mn04-emovo-val --results results/ood/lodo-mn04",
                "  # non-speech, wideband and mu-law; choose the threshold with the --validation twin, store it in the shipped bundle",
                "  ./ser ood --model target/models/mn04-val --non-speech --lines wideband,mu-law --write-to models/mpgln-mn04"})
final class OodCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(OodCommand.class);
    private static final int BATCH = 32;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--model", required = true, split = ",", paramLabel = "DIR[,DIR...]", description = "Model bundles (folders).")
    List<Path> models;

    @Option(names = "--keep", defaultValue = "0.95", description = "Share of in-domain validation segments each threshold keeps in domain (default: ${DEFAULT-VALUE}).")
    double keep;

    @Option(names = "--non-speech", description = "Also score generated non-speech (every kind of NonSpeechSignals) against in-domain test speech.")
    boolean nonSpeech;

    @Option(names = "--non-speech-seconds", defaultValue = "10", description = "Seconds of each generated sound per seed (default: ${DEFAULT-VALUE}).")
    double nonSpeechSeconds;

    @Option(names = "--non-speech-seeds", defaultValue = "1,2,3", split = ",", description = "Seeds of the generated sounds (default: ${DEFAULT-VALUE}).")
    List<Long> nonSpeechSeeds;

    @Option(names = "--pool-per-domain", defaultValue = "100",
            description = "Training recordings per training corpus whose embeddings make the embedding-distance pool (default: ${DEFAULT-VALUE}).")
    int poolPerDomain;

    @Option(names = "--max-per-domain", defaultValue = "0",
            description = "At most this many recordings per corpus in each evaluated set, evenly spread (0: all; for quick checks) (default: ${DEFAULT-VALUE}).")
    int maxPerDomain;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "target/results/ood",
            description = "Where OOD.md and ood.json go (default: ${DEFAULT-VALUE}).")
    Path results;

    @CommandLine.Mixin
    StoreOptions store = new StoreOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (store.storing() && models.size() != 1) {
            throw new IllegalArgumentException("--write and --write-to store one bundle's threshold: give one --model, not " + models.size());
        }
        if (!(keep > 0 && keep <= 1)) {
            throw new IllegalArgumentException("--keep takes a share in (0, 1], not " + keep);
        }
        if (nonSpeechSeconds < 2 || nonSpeechSeeds.isEmpty()) {
            throw new IllegalArgumentException("--non-speech-seconds takes at least 2 (one segment) and --non-speech-seeds at least one seed");
        }
        store.requireBundles(models);
        DataProblems problems = data.problems();
        SpeakerSplits splits = data.speakerSplits();
        List<Utterance> all = data.all(problems);
        List<Utterance> trainSide = all.stream().filter(u -> !splits.isTest(u)).toList();
        // The speakers a --validation run held out, chosen as ProtocolRun chooses them.
        Set<String> validationSpeakers = ValidationSplit.speakers(trainSide);
        List<OodBundleResult> out = new ArrayList<>();
        for (Path model : models) {
            out.add(measure(model, all, splits, validationSpeakers, problems));
        }
        String command = TrainerCli.typed(spec);
        Files.createDirectories(results);
        String markdown = OodReport.markdown(out, command);
        Files.writeString(results.resolve("OOD.md"), markdown);
        Files.writeString(results.resolve("ood.json"), OodReport.json(out, command));
        if (store.storing()) {
            store(out.get(0), store.target(models.get(0)));
        }
        spec.commandLine().getOut().print(markdown);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private OodBundleResult measure(Path model, List<Utterance> all, SpeakerSplits splits, Set<String> validationSpeakers, DataProblems problems) {
        ModelBundle bundle = BundleLoader.configured(false, null, spec.commandLine().getErr()::println).load(model);
        List<String> trained = bundle.manifest().labels().domains();
        List<String> heldOut = ProtocolRun.DISCRETE_DOMAINS.stream().filter(d -> !trained.contains(d)).toList();
        List<Utterance> pool = perDomain(all.stream().filter(u -> trained.contains(u.domain()) && !splits.isTest(u)
                && !ValidationSplit.isValidation(validationSpeakers, u)).toList(), poolPerDomain);
        List<Utterance> validation = perDomain(all.stream().filter(u -> trained.contains(u.domain()) && !splits.isTest(u)
                && ValidationSplit.isValidation(validationSpeakers, u)).toList(), maxPerDomain);
        List<Utterance> inDomainTest = perDomain(all.stream().filter(u -> trained.contains(u.domain()) && splits.isTest(u)).toList(), maxPerDomain);
        List<Utterance> heldOutTest = perDomain(all.stream().filter(u -> heldOut.contains(u.domain()) && splits.isTest(u)).toList(), maxPerDomain);
        LOG.info("ood {}: domains {}, held out {}; {} pool, {} validation, {} in-domain test, {} held-out test recordings", model, trained, heldOut,
                pool.size(), validation.size(), inDomainTest.size(), heldOutTest.size());
        try (InferenceEngine engine = InferenceEngine.open(bundle, EngineOptions.cpu())) {
            DomainReader reader = new DomainReader(engine, BATCH);
            List<DomainReading> pooled = flat(read(reader, pool, problems, "pool"));
            EmbeddingPool embeddings = EmbeddingPool.of(pooled.stream().map(DomainReading::embedding).toList());
            List<DomainReading> validated = flat(read(reader, validation, problems, "validation"));
            Map<OodScore, Double> thresholds = new EnumMap<>(OodScore.class);
            for (OodScore score : OodScore.values()) {
                thresholds.put(score, OodThreshold.keeping(OodSeparation.scores(validated, score, embeddings), keep));
            }
            double served = bundle.manifest().outOfDomainThreshold();
            List<OodSeparation> separations = new ArrayList<>();
            for (TelephoneLine line : data.evaluatedLines()) {
                List<List<DomainReading>> negatives = read(reader, Utterance.heardOver(inDomainTest, line), problems, "in-domain test " + line.label());
                for (String domain : heldOut) {
                    List<Utterance> of = Utterance.heardOver(heldOutTest.stream().filter(u -> u.domain().equals(domain)).toList(), line);
                    separations.add(OodSeparation.of(line.label(), domain, read(reader, of, problems, domain + " test " + line.label()), negatives,
                            embeddings, thresholds, served, true));
                }
                if (nonSpeech) {
                    for (NonSpeechSignals kind : NonSpeechSignals.values()) {
                        separations.add(OodSeparation.of(line.label(), kind.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                                nonSpeech(reader, kind, line), negatives, embeddings, thresholds, served, false));
                    }
                }
            }
            return new OodBundleResult(model.toString(), bundle.manifest().version(), trained, heldOut, pooled.size(),
                    validated.size(), keep, thresholds, served, separations);
        }
    }

    /** Every window of each seed's sound, as heard over {@code line}. */
    private List<List<DomainReading>> nonSpeech(DomainReader reader, NonSpeechSignals kind, TelephoneLine line) {
        List<List<DomainReading>> out = new ArrayList<>();
        for (long seed : nonSpeechSeeds) {
            DecodedAudio audio = new DecodedAudio(NonSpeechSignals.RATE, new float[][]{kind.generate(nonSpeechSeconds, seed)});
            out.add(reader.readEveryWindow(line.transmit(audio)));
        }
        return out;
    }

    private List<List<DomainReading>> read(DomainReader reader, List<Utterance> utterances, DataProblems problems, String what) {
        List<List<DomainReading>> out = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            try {
                out.add(reader.read(u.read()));
            } catch (AudioFormatException e) {
                problems.report(u.file(), e.getMessage());
            }
            if ((i + 1) % 200 == 0 || i + 1 == utterances.size()) {
                LOG.info("ood, {}: {}/{} recordings, {} s elapsed", what, i + 1, utterances.size(), Math.round((System.nanoTime() - start) / 1e9));
            }
        }
        return out;
    }

    private static List<DomainReading> flat(List<List<DomainReading>> readings) {
        return readings.stream().flatMap(List::stream).toList();
    }

    /** At most {@code max} of each corpus's recordings, evenly spread over them (0: all). */
    static List<Utterance> perDomain(List<Utterance> utterances, int max) {
        Map<String, List<Utterance>> byDomain = new LinkedHashMap<>();
        utterances.forEach(u -> byDomain.computeIfAbsent(u.domain(), d -> new ArrayList<>()).add(u));
        List<Utterance> out = new ArrayList<>();
        for (List<Utterance> of : byDomain.values()) {
            if (max <= 0 || of.size() <= max) {
                out.addAll(of);
            } else {
                for (int i = 0; i < max; i++) {
                    out.add(of.get((int) ((long) i * of.size() / max)));
                }
            }
        }
        return out;
    }

    private void store(OodBundleResult result, Path target) throws Exception {
        double threshold = result.maxProbabilityThreshold();
        ModelManifest manifest = ModelBundle.load(target).manifest().withOutOfDomainThreshold(threshold);
        BundleWriter.write(target, manifest, Map.of());
        String chosenWith = target.equals(Path.of(result.model())) ? "this bundle"
                : "the bundle " + result.model() + " (" + result.version() + "), trained with the same settings but without those speakers";
        ModelCardSection.write(target, "Out-of-domain flag", String.format(Locale.ROOT, "A segment is flagged out of domain when the "
                + "domain head's largest probability is below %.4f: chosen on %d in-domain validation segments (the validation split "
                + "of the train speakers) with %s, keeping %.0f%% of them in domain (`ser ood`).", threshold, result.validationSegments(),
                chosenWith, 100 * result.keep()));
        LOG.info("{}: outOfDomainThreshold {} written", target, threshold);
    }
}
