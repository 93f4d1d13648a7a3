package io.serstreams.trainer.augment;

import io.serstreams.featureextractor.features.TelephoneLine;
import io.serstreams.trainer.data.Utterance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Training recordings together with their copies through simulated channels. Each copy's channel is
 * drawn from the run's seed, the recording's corpus and file name, and the copy's number, so a run
 * repeats exactly wherever the corpora lie, and two seeds train on different copies.
 */
public final class AugmentedCopies {
    private AugmentedCopies() {
    }

    /** {@code recordings}, each followed by {@code copies} copies of it; babble is drawn from the other recordings. */
    public static List<Utterance> of(List<Utterance> recordings, int copies, long seed) {
        if (copies == 0) {
            return List.copyOf(recordings);
        }
        List<Path> pool = recordings.stream().map(Utterance::file).distinct().toList();
        List<Utterance> out = new ArrayList<>(recordings.size() * (copies + 1));
        for (Utterance u : recordings) {
            out.add(u);
            long name = (u.domain() + "/" + u.file().getFileName()).hashCode();
            for (int copy = 1; copy <= copies; copy++) {
                long channelSeed = seed * 0x9E3779B97F4A7C15L + name * 0xC2B2AE3D27D4EB4FL + copy;
                out.add(u.through(ChannelCondition.draw(channelSeed, u.file(), pool)));
            }
        }
        return out;
    }

    /**
     * {@code recordings} as heard over each plain G.711 line at 8 kHz, nothing else in the way: every mu-law copy, then
     * every A-law copy. That is the telephone audio the pipeline receives, which the drawn channels rarely give unaltered.
     */
    public static List<Utterance> overPlainLines(List<Utterance> recordings) {
        List<Utterance> out = new ArrayList<>(2 * recordings.size());
        out.addAll(Utterance.heardOver(recordings, TelephoneLine.MU_LAW));
        out.addAll(Utterance.heardOver(recordings, TelephoneLine.A_LAW));
        return out;
    }
}
