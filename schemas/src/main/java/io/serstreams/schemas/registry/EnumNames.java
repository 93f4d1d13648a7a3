package io.serstreams.schemas.registry;

import java.util.Locale;

/** Reads the registry's enum-valued settings (modes, compatibility levels) as Confluent's API spells them. */
final class EnumNames {
    private EnumNames() {
    }

    /** The constant of {@code type} that {@code name} names, case-insensitively; null when it names none. */
    static <E extends Enum<E>> E parse(Class<E> type, String name) {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
