package io.serstreams.trainer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Batches balanced over domains and classes: each draw picks a domain uniformly, then one of its
 * classes uniformly, then the next utterance of that class (cycling through a shuffled order), so
 * a small corpus or a rare class is seen as often as a large one. The class of an utterance is its
 * core emotion, else its arousal group (BAVED), else its emotion. Seeded: the same seed gives the
 * same batches.
 */
public final class BalancedBatchSampler<T> {
    private final Map<String, Map<String, Cycle<T>>> byDomainAndClass = new LinkedHashMap<>();
    private final List<String> domains;
    private final Random random;

    /**
     * @param domainOf the domain of an item
     * @param classOf  the class of an item within its domain
     */
    public BalancedBatchSampler(List<T> items, Function<T, String> domainOf, Function<T, String> classOf, long seed) {
        this.random = new Random(seed);
        Map<String, Map<String, List<T>>> groups = new LinkedHashMap<>();
        for (T item : items) {
            groups.computeIfAbsent(domainOf.apply(item), d -> new LinkedHashMap<>()).computeIfAbsent(classOf.apply(item), c -> new ArrayList<>()).add(item);
        }
        groups.forEach((domain, classes) -> {
            Map<String, Cycle<T>> cycles = new LinkedHashMap<>();
            classes.forEach((key, members) -> cycles.put(key, new Cycle<>(members, random)));
            byDomainAndClass.put(domain, cycles);
        });
        this.domains = List.copyOf(byDomainAndClass.keySet());
        if (domains.isEmpty()) {
            throw new DataException("nothing to sample from: no training data");
        }
    }

    /** A sampler of utterances by their domain and {@link #classKey}. */
    public static BalancedBatchSampler<Utterance> ofUtterances(List<Utterance> utterances, long seed) {
        return new BalancedBatchSampler<>(utterances, Utterance::domain, u -> classKey(u.labels()), seed);
    }

    /** The next batch of {@code size} items. */
    public List<T> next(int size) {
        List<T> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Map<String, Cycle<T>> classes = byDomainAndClass.get(domains.get(random.nextInt(domains.size())));
            List<Cycle<T>> cycles = List.copyOf(classes.values());
            batch.add(cycles.get(random.nextInt(cycles.size())).next());
        }
        return batch;
    }

    /** The class balanced over: the core emotion, else the arousal group (BAVED), else the emotion. */
    public static String classKey(io.serstreams.trainer.labels.UtteranceLabels labels) {
        if (labels.coreClass().isPresent()) {
            return "class:" + labels.coreClass().getAsInt();
        }
        if (labels.emotion() == null && labels.arousal() != null) {
            return "arousal:" + labels.arousal();
        }
        return "emotion:" + labels.emotion();
    }

    /** A class's utterances in shuffled order, reshuffled each time round. */
    private static final class Cycle<T> {
        private final List<T> members;
        private final Random random;
        private int next;

        Cycle(List<T> members, Random random) {
            this.members = new ArrayList<>(members);
            this.random = random;
            Collections.shuffle(this.members, random);
        }

        T next() {
            if (next == members.size()) {
                Collections.shuffle(members, random);
                next = 0;
            }
            return members.get(next++);
        }
    }
}
