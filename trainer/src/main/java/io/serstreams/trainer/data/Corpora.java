package io.serstreams.trainer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The five research corpora of {@code ../shared/corpora}, each read from its own folder. */
public final class Corpora {
    /** Domain name to reader and folder, in the order the design documents list them. */
    private static final Map<String, CorpusReader> READERS = new LinkedHashMap<>();

    static {
        for (CorpusReader reader : List.of(new EmoDbReader(), new EmovoReader(), new RavdessReader(), new KoreanReader(), new BavedReader())) {
            READERS.put(reader.domain(), reader);
        }
    }

    private Corpora() {
    }

    public static List<String> domains() {
        return List.copyOf(READERS.keySet());
    }

    public static CorpusReader reader(String domain) {
        CorpusReader reader = READERS.get(domain);
        if (reader == null) {
            throw new DataException("unknown corpus '" + domain + "': known are " + READERS.keySet());
        }
        return reader;
    }

    /** Reads the named corpora under {@code root} (the folder holding emodb/, emovo/, ...). */
    public static List<Utterance> read(Path root, List<String> domains, DataProblems problems) {
        List<Utterance> all = new ArrayList<>();
        for (String domain : domains) {
            List<Utterance> read = reader(domain).read(root.resolve(domain), problems);
            if (read.isEmpty()) {
                problems.report(root.resolve(domain), "empty corpus: no labelled audio found");
            }
            all.addAll(read);
        }
        return all;
    }
}
