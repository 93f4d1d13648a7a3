package io.serstreams.trainer.data;

import io.serstreams.trainer.labels.ArousalGroup;
import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.labels.UtteranceLabels;
import io.serstreams.trainer.labels.ValenceGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the writer puts in a manifest, the reader gives back: files, speakers, domains and labels, unknowns left empty. */
class CsvManifestWriterTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenManifestReadsBackAsTheSameUtterances() throws Exception {
        Path a = Files.writeString(dir.resolve("a.wav"), "x");
        Path b = Files.writeString(dir.resolve("b.wav"), "x");
        List<Utterance> utterances = List.of(new Utterance(a, "emodb", "03", UtteranceLabels.of(Emotion.ANGRY)),
                new Utterance(b, "korean", "f1", new UtteranceLabels(null, ArousalGroup.LOW, null)));
        Path manifest = dir.resolve("out/m.csv");
        CsvManifestWriter.write(manifest, utterances);
        assertThat(Files.readAllLines(manifest)).first().isEqualTo("path,speaker,emotion,arousal,valence,domain");
        assertThat(Files.readAllLines(manifest).get(2)).isEqualTo(b.toAbsolutePath() + ",f1,,low,,korean");
        List<Utterance> read = CsvManifestReader.read(manifest, new DataProblems(DataProblems.Policy.FAIL));
        assertThat(read).isEqualTo(utterances);
        assertThat(read.get(0).labels().valence()).isEqualTo(ValenceGroup.NEGATIVE);
    }

    @Test
    void aPathACsvCannotHoldIsRefusedNamingIt() throws Exception {
        Path odd = Files.writeString(dir.resolve("a,b.wav"), "x");
        assertThatThrownBy(() -> CsvManifestWriter.write(dir.resolve("m.csv"), List.of(new Utterance(odd, "emodb", "03", UtteranceLabels.of(Emotion.SAD)))))
                .isInstanceOf(DataException.class).hasMessageContaining("a,b.wav").hasMessageContaining("comma");
    }
}
