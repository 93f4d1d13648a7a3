package io.serstreams.featureextractor.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The features and encoder commands' help fits a terminal, and every example can be copied as it stands. */
class HelpTextTest {

    private static List<CommandLine> everyCommand(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        root.getSubcommands().values().forEach(sub -> all.addAll(everyCommand(sub)));
        return all;
    }

    @Test
    void helpFitsEightyColumnsAndExamplesAreCommandsOrComments() {
        // Each launcher's root is the bare "ser" that ./ser stands for; its commands are below it.
        List<CommandLine> commands = new ArrayList<>();
        for (CommandLine root : List.of(FeaturesCli.commandLine(), EncoderCli.commandLine())) {
            root.getSubcommands().values().forEach(sub -> commands.addAll(everyCommand(sub)));
        }
        assertThat(commands).extracting(c -> c.getCommandSpec().qualifiedName())
                .contains("ser features segments", "ser features logmel", "ser encoder fetch", "ser encoder info");
        for (CommandLine command : commands) {
            String help = command.getUsageMessage();
            String name = command.getCommandSpec().qualifiedName();
            assertThat(help.lines()).as(name).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
            List<String> examples = help.lines().dropWhile(line -> !line.equals("Examples:")).skip(1).toList();
            assertThat(examples).as(name + " has examples").isNotEmpty();
            // A line is a comment, a command, or the continuation of a command ending in a backslash.
            String previous = "";
            for (String line : examples) {
                String text = line.strip();
                boolean continued = previous.endsWith("\\");
                assertThat(text.startsWith("#") || text.startsWith("./ser ") || text.startsWith("SER_") || continued)
                        .as(name + ": " + line).isTrue();
                if (!text.startsWith("#")) {
                    assertThat(text).as(name + ": an explanation belongs on a # line above its command").doesNotContain("   ");
                }
                previous = text;
            }
        }
    }
}
