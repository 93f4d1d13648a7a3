package io.serstreams.featureextractor.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AudioFileListTest {
    @TempDir
    Path dir;

    private Path file(String name) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[]{1});
        return file;
    }

    private static List<Path> expand(String stdin, Path... arguments) {
        return AudioFileList.expand(List.of(arguments), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFolderGivesItsAudioFilesBelowItSortedByPath() throws Exception {
        Path b = file("calls/b.WAV");
        Path a = file("calls/2026/01/a.flac");
        Path c = file("calls/c.wav");
        file("calls/notes.txt");
        file("calls/._c.wav");
        file("calls/.trash/d.wav");
        assertThat(expand("", dir.resolve("calls"))).containsExactly(a, b, c);
    }

    @Test
    void filesAreTakenAsTheyAreInTheOrderGiven() throws Exception {
        Path raw = file("take-2.raw");
        Path wav = file("take-1.wav");
        assertThat(expand("", raw, wav, raw)).containsExactly(raw, wav, raw);
    }

    @Test
    void listsNameFilesAndFoldersOnePerLine() throws Exception {
        Path one = file("one.wav");
        Path two = file("more/two.flac");
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "# today's calls\n" + one + "\n\n   " + dir.resolve("more") + "  \n");
        assertThat(expand("", Path.of("@" + list))).containsExactly(one, two);
        assertThat(expand(two + "\n" + one + "\n", Path.of("-"), one)).containsExactly(two, one, one);
    }

    @Test
    void eachProblemIsOneLineNamingWhatIsWrong() throws Exception {
        Path missing = dir.resolve("missing.wav");
        assertThatThrownBy(() -> expand("", missing)).hasMessage(missing + ": no such file or folder");
        Files.createDirectories(dir.resolve("empty/sub"));
        file("empty/sub/readme.txt");
        assertThatThrownBy(() -> expand("", dir.resolve("empty")))
                .hasMessage(dir.resolve("empty") + ": no .wav or .flac files in this folder or below it");
        Path noList = dir.resolve("calls.txt");
        assertThatThrownBy(() -> expand("", Path.of("@" + noList))).hasMessage("@" + noList + ": cannot read this file list: no such file");
        Path binary = dir.resolve("binary.txt");
        Files.write(binary, new byte[]{(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3});
        assertThatThrownBy(() -> expand("", Path.of("@" + binary))).hasMessage("@" + binary + ": cannot read this file list: not a UTF-8 text file");
        Path blank = dir.resolve("blank.txt");
        Files.writeString(blank, "\n# none\n");
        assertThatThrownBy(() -> expand("", Path.of("@" + blank))).hasMessage("@" + blank + ": the list names no files (one file or folder per line)");
        assertThatThrownBy(() -> expand("\n", Path.of("-"))).hasMessage("standard input: the list names no files (one file or folder per line)");
        Path listed = dir.resolve("listed.txt");
        Files.writeString(listed, missing + "\n");
        assertThatThrownBy(() -> expand("", Path.of("@" + listed))).hasMessage(missing + ": no such file or folder");
        assertThatThrownBy(() -> expand("")).hasMessage("no audio files given");
    }
}
