package io.serstreams.trainer.cli;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.Locale;

/**
 * Reads an enum option as users type it: lower case, words joined by {@code -} ({@code own-domain} for
 * {@code OWN_DOMAIN}; {@code OWN_DOMAIN} itself is taken too). A wrong value names the ones it could be.
 * Each option's converter is a one-line subclass, as picocli instantiates converters by class.
 */
abstract class KebabCaseConverter<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
    private final Class<E> type;

    KebabCaseConverter(Class<E> type) {
        this.type = type;
    }

    /** How users type {@code value}. */
    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public E convert(String value) {
        String typed = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E constant : type.getEnumConstants()) {
            if (label(constant).equals(typed)) {
                return constant;
            }
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not one of "
                + String.join(", ", Arrays.stream(type.getEnumConstants()).map(KebabCaseConverter::label).toList()));
    }
}
