package io.serstreams.trainer.cli;

import io.serstreams.trainer.data.Corpora;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.SpeakerSplits;
import io.serstreams.trainer.data.Utterance;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Small real inputs for the commands' tests: a few clips of each corpus (linked, not copied) and a copy of the shipped default bundle. */
final class FewClips {
    private FewClips() {
    }

    /** The shared corpora folder; the calling test is skipped (not failed) where it is absent, as in a fresh clone. */
    static Path sharedCorpora() {
        Path shared = Path.of(System.getProperty("shared.dir", "../../shared")).resolve("corpora");
        Assumptions.assumeTrue(Files.isDirectory(shared), "corpora absent at " + shared + "; this test reads a few clips of ../shared/corpora");
        return shared;
    }

    /** One clip of each of the first four train speakers of every corpus (the fourth a validation speaker) and two test clips. */
    static Path ofEachCorpus(Path shared, Path corpora) throws Exception {
        SpeakerSplits splits = SpeakerSplits.load(shared.resolve("splits.csv"));
        DataProblems problems = new DataProblems(DataProblems.Policy.SKIP);
        for (String domain : Corpora.domains()) {
            List<Utterance> all = Corpora.reader(domain).read(shared.resolve(domain), problems);
            TreeMap<String, Utterance> firstOfSpeaker = new TreeMap<>();
            all.stream().filter(u -> !splits.isTest(u)).forEach(u -> firstOfSpeaker.putIfAbsent(u.speaker(), u));
            List<Utterance> chosen = new ArrayList<>(firstOfSpeaker.values().stream().limit(4).toList());
            chosen.addAll(all.stream().filter(splits::isTest).limit(2).toList());
            for (Utterance u : chosen) {
                Path link = corpora.resolve(domain).resolve(shared.resolve(domain).relativize(u.file()));
                Files.createDirectories(link.getParent());
                Files.createSymbolicLink(link, u.file().toAbsolutePath());
            }
        }
        return corpora;
    }

    /** A copy of {@code models/mpgln} at {@code bundle}, free to be written to. */
    static Path copyOfDefaultBundle(Path bundle) throws Exception {
        Files.createDirectories(bundle);
        try (Stream<Path> files = Files.list(Path.of("../models/mpgln"))) {
            for (Path f : files.toList()) {
                Files.copy(f, bundle.resolve(f.getFileName()));
            }
        }
        return bundle;
    }
}
