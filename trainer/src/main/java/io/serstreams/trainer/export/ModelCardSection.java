package io.serstreams.trainer.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one {@code ## heading} section of a bundle's MODEL_CARD.md: a section already there is replaced where it is
 * (the sections after it stay), a new one goes at the end. A bundle without a card is left alone.
 */
public final class ModelCardSection {
    private ModelCardSection() {
    }

    public static void write(Path bundle, String heading, String body) throws IOException {
        Path card = bundle.resolve("MODEL_CARD.md");
        if (!Files.isRegularFile(card)) {
            return;
        }
        String text = Files.readString(card);
        String marker = "\n## " + heading + "\n";
        String section = "## " + heading + "\n\n" + body.strip() + "\n";
        int old = text.indexOf(marker);
        if (old < 0) {
            Files.writeString(card, text.stripTrailing() + "\n\n" + section);
            return;
        }
        int next = text.indexOf("\n## ", old + 1);
        String later = next < 0 ? "" : "\n" + text.substring(next + 1).stripTrailing() + "\n";
        Files.writeString(card, text.substring(0, old).stripTrailing() + "\n\n" + section + later);
    }
}
