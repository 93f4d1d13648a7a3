package io.serstreams.trainer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Batches balanced over domains and classes: each draw picks a domain uniformly, then one of its
 * classes uniformly, then the next utterance of that class (cycling through a shuffled order), so
 * a small corpus or a rare class is seen as often as a large one. The class of an utterance is its
 * core emotion, else its arousal group (BAVED), else its emotion. Seeded: the same seed gives the
 * same batches.
 */
public final class BalancedBatchSampler {
    private final Map<String, Map<String, Cycle>> byDomainAndClass = new LinkedHashMap<>();
    private final List<String> domains;
    private final Random random;

    public BalancedBatchSampler(List<Utterance> utterances, long seed) {
        this.random = new Random(seed);
        Map<String, Map<String, List<Utterance>>> groups = new LinkedHashMap<>();
        for (Utterance u : utterances) {
            groups.computeIfAbsent(u.domain(), d -> new LinkedHashMap<>()).computeIfAbsent(classKey(u), c -> new ArrayList<>()).add(u);
        }
        groups.forEach((domain, classes) -> {
            Map<String, Cycle> cycles = new LinkedHashMap<>();
            classes.forEach((key, members) -> cycles.put(key, new Cycle(members, random)));
            byDomainAndClass.put(domain, cycles);
        });
        this.domains = List.copyOf(byDomainAndClass.keySet());
        if (domains.isEmpty()) {
            throw new DataException("no training utterances to sample from");
        }
    }

    /** The next batch of {@code size} utterances. */
    public List<Utterance> next(int size) {
        List<Utterance> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Map<String, Cycle> classes = byDomainAndClass.get(domains.get(random.nextInt(domains.size())));
            List<Cycle> cycles = List.copyOf(classes.values());
            batch.add(cycles.get(random.nextInt(cycles.size())).next());
        }
        return batch;
    }

    static String classKey(Utterance u) {
        if (u.labels().coreClass().isPresent()) {
            return "class:" + u.labels().coreClass().getAsInt();
        }
        if (u.labels().emotion() == null && u.labels().arousal() != null) {
            return "arousal:" + u.labels().arousal();
        }
        return "emotion:" + u.labels().emotion();
    }

    /** A class's utterances in shuffled order, reshuffled each time round. */
    private static final class Cycle {
        private final List<Utterance> members;
        private final Random random;
        private int next;

        Cycle(List<Utterance> members, Random random) {
            this.members = new ArrayList<>(members);
            this.random = random;
            Collections.shuffle(this.members, random);
        }

        Utterance next() {
            if (next == members.size()) {
                Collections.shuffle(members, random);
                next = 0;
            }
            return members.get(next++);
        }
    }
}
