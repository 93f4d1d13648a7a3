package io.serstreams.trainer.model;

import io.serstreams.featureextractor.encoder.EncoderCache;
import io.serstreams.featureextractor.encoder.EncoderSpec;
import io.serstreams.trainer.data.Corpora;
import io.serstreams.trainer.data.DataProblems;
import io.serstreams.trainer.data.Utterance;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real mn04 checkpoint and its reference fixtures, read from the encoder cache that the build
 * points at {@code ../shared/encoders}; tests that need them are skipped, saying why, where absent.
 */
public final class EncoderFixtures {
    /** The three reference clips of {@code fixtures/}. */
    public static final List<String> CLIPS = List.of("emodb_03a01Wa", "ravdess_03-01-01-01-01-01-19", "korean_nea00001");

    private EncoderFixtures() {
    }

    /** The verified checkpoint. */
    public static Path mn04() {
        EncoderCache cache = EncoderCache.configured();
        Path file = cache.verified(EncoderSpec.MN04).orElse(null);
        Assumptions.assumeTrue(file != null, "mn04 checkpoint not present (or not verified) in the encoder cache " + cache.root() + " ("
                + cache.origin() + "); tests read it from ../shared/encoders");
        return file;
    }

    /** A fixture file's float32 little-endian values, e.g. {@code f32("emodb_03a01Wa", "logits")}. */
    public static float[] f32(String clip, String what) throws IOException {
        Path file = mn04().resolveSibling("fixtures").resolve(clip + "." + what + ".f32");
        Assumptions.assumeTrue(Files.isRegularFile(file), "encoder fixture " + file + " absent");
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    /**
     * A few labelled clips of each of {@code domains} from ../shared/corpora: those whose file name's
     * hash is a multiple of {@code every}, at most {@code perDomain} of each; skipped where the corpora are absent.
     */
    public static List<Utterance> clips(List<String> domains, int every, int perDomain) {
        Path corpora = Path.of(System.getProperty("shared.dir", "../../shared")).resolve("corpora");
        Assumptions.assumeTrue(Files.isDirectory(corpora), "corpora absent at " + corpora + "; this test reads a few clips of ../shared/corpora");
        DataProblems problems = new DataProblems(DataProblems.Policy.SKIP);
        List<Utterance> chosen = new ArrayList<>();
        for (String domain : domains) {
            try (Stream<Utterance> all = Corpora.reader(domain).read(corpora.resolve(domain), problems).stream()) {
                chosen.addAll(all.filter(u -> u.labels().coreClass().isPresent())
                        .filter(u -> u.file().getFileName().toString().hashCode() % every == 0).limit(perDomain).toList());
            }
        }
        return chosen;
    }
}
