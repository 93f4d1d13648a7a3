package io.serstreams.trainer.data;

import io.serstreams.trainer.labels.ArousalGroup;
import io.serstreams.trainer.labels.Emotion;
import io.serstreams.trainer.labels.ValenceGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A user's own data in the two generic layouts, and how bad entries are reported. */
class UserDataTest {
    @TempDir
    Path dir;

    private Path touch(String relative) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[]{'R', 'I', 'F', 'F'});
        return file;
    }

    @Test
    void readsAFolderPerLabel() throws IOException {
        touch("angry/spk1/a.wav");
        touch("Happiness/spk2-take3.flac");
        touch("contempt/x.wav");
        touch("stray.wav");
        DataProblems problems = new DataProblems(DataProblems.Policy.SKIP);
        List<Utterance> read = new FolderPerLabelReader("callcenter").read(dir, problems);
        assertThat(read).extracting(u -> u.labels().emotion() + "/" + u.speaker()).containsExactlyInAnyOrder("ANGRY/spk1", "HAPPY/spk2");
        assertThat(read).allSatisfy(u -> assertThat(u.domain()).isEqualTo("callcenter"));
        assertThat(problems.reported()).hasSize(2).anySatisfy(p -> assertThat(p).contains("contempt").contains("unknown emotion label"))
                .anySatisfy(p -> assertThat(p).contains("stray.wav").contains("not inside a label folder"));
        assertThatThrownBy(() -> new FolderPerLabelReader("x").read(dir, new DataProblems(DataProblems.Policy.FAIL)))
                .isInstanceOf(DataException.class).hasMessageContaining("contempt");
    }

    @Test
    void readsACsvManifestWithUnknownsMasked() throws IOException {
        touch("audio/1.wav");
        touch("audio/2.wav");
        touch("audio/3.wav");
        Path manifest = dir.resolve("data.csv");
        Files.writeString(manifest, String.join("\n",
                "path,speaker,emotion,arousal,valence,domain",
                "audio/1.wav,s1,angry,,,centre-a",
                "audio/2.wav,s2,,high,,centre-a",
                "audio/3.wav,s2,calm,mid,positive,centre-b",
                "audio/4.wav,s3,sad,,,centre-a",
                "audio/1.wav,s1,jealous,,,centre-a",
                "audio/2.wav,s1,,loud,,centre-a"));
        DataProblems problems = new DataProblems(DataProblems.Policy.SKIP);
        List<Utterance> read = CsvManifestReader.read(manifest, problems);
        assertThat(read).hasSize(3);
        assertThat(read.get(0).labels().arousal()).isEqualTo(ArousalGroup.HIGH); // implied by angry
        assertThat(read.get(1).labels().emotion()).isNull();
        assertThat(read.get(1).labels().valence()).isNull();
        assertThat(read.get(2).labels().valence()).isEqualTo(ValenceGroup.POSITIVE); // given, overriding calm's neutral
        assertThat(read.get(2).labels().emotion()).isEqualTo(Emotion.CALM);
        assertThat(problems.reported()).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("line 5").contains("no readable audio file"))
                .anySatisfy(p -> assertThat(p).contains("line 6").contains("unknown emotion label 'jealous'"))
                .anySatisfy(p -> assertThat(p).contains("line 7").contains("unknown ArousalGroup 'loud'"));
        Files.writeString(manifest, "file,who\n");
        assertThatThrownBy(() -> CsvManifestReader.read(manifest, problems)).hasMessageContaining("header path,speaker,emotion");
    }

    @Test
    void aSpeakerWithoutASplitIsAnError() throws IOException {
        Path splits = dir.resolve("splits.csv");
        Files.writeString(splits, "corpus,speaker,split\nemodb,03,test\nemodb,09,train\n");
        SpeakerSplits loaded = SpeakerSplits.load(splits);
        Utterance known = new Utterance(dir.resolve("03a01Wa.flac"), "emodb", "03", io.serstreams.trainer.labels.UtteranceLabels.of(Emotion.ANGRY));
        assertThat(loaded.isTest(known)).isTrue();
        Utterance unknown = new Utterance(dir.resolve("16b10Ta.flac"), "emodb", "16", io.serstreams.trainer.labels.UtteranceLabels.of(Emotion.SAD));
        assertThatThrownBy(() -> loaded.of(unknown)).hasMessageContaining("no split for speaker '16' of emodb").hasMessageContaining("16b10Ta.flac");
        assertThatThrownBy(() -> Corpora.read(dir, List.of("emodb"), new DataProblems(DataProblems.Policy.SKIP)))
                .hasMessageContaining("no such corpus folder");
    }

    @Test
    void batchesAreBalancedOverDomainsAndClasses() {
        List<Utterance> data = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            data.add(new Utterance(dir.resolve("big" + i), "big", "s", io.serstreams.trainer.labels.UtteranceLabels.of(i % 10 == 0 ? Emotion.SAD : Emotion.NEUTRAL)));
        }
        for (int i = 0; i < 8; i++) {
            data.add(new Utterance(dir.resolve("small" + i), "small", "s", io.serstreams.trainer.labels.UtteranceLabels.arousalLevel(i % 3)));
        }
        BalancedBatchSampler<Utterance> sampler = BalancedBatchSampler.ofUtterances(data, 42);
        List<Utterance> drawn = new ArrayList<>();
        for (int b = 0; b < 250; b++) {
            drawn.addAll(sampler.next(32));
        }
        long small = drawn.stream().filter(u -> u.domain().equals("small")).count();
        long sad = drawn.stream().filter(u -> u.labels().emotion() == Emotion.SAD).count();
        assertThat(small / (double) drawn.size()).isBetween(0.45, 0.55);
        assertThat(sad / (double) (drawn.size() - small)).isBetween(0.45, 0.55); // 10% of the big domain, half of its draws
        assertThat(BalancedBatchSampler.ofUtterances(data, 7).next(16)).isEqualTo(BalancedBatchSampler.ofUtterances(data, 7).next(16));
    }
}
