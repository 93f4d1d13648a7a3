package io.serstreams.streamprocessor.profiles;

import io.serstreams.schema.DeclaredDomain;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which fields of a call's declared domain name the domain profile its speech feeds and is
 * standardised by: {@code tenant}, {@code language}, {@code site}, several of them ({@code tenant,language})
 * or {@code all}. A key reads like a domain mapping, {@code tenant=acme} or {@code tenant=acme,language=de-DE},
 * so keys of different settings never collide.
 */
public final class DomainKey {
    /** A declared domain's field, in the order keys name them. */
    public enum Field { TENANT, LANGUAGE, SITE }

    private final Set<Field> fields;

    private DomainKey(Set<Field> fields) {
        this.fields = fields;
    }

    /**
     * Parses {@code tenant}, {@code language}, {@code site}, a comma-separated list of them, or {@code all}.
     *
     * @throws IllegalArgumentException in one line naming the bad field
     */
    public static DomainKey parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("ser.profiles.key is empty: give tenant, language, site, a list of them, or all");
        }
        if (spec.trim().equalsIgnoreCase("all")) {
            return new DomainKey(EnumSet.allOf(Field.class));
        }
        Set<Field> fields = EnumSet.noneOf(Field.class);
        for (String part : spec.split(",")) {
            try {
                fields.add(Field.valueOf(part.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ser.profiles.key: unknown field '" + part.trim() + "' (tenant, language, site, or all)");
            }
        }
        return new DomainKey(fields);
    }

    /**
     * The key of {@code domain}'s profile: the named fields it declares, in the order tenant, language, site;
     * null (no profile: the training pool) when it declares none of them.
     */
    public String of(DeclaredDomain domain) {
        if (domain == null) {
            return null;
        }
        List<String> parts = new ArrayList<>(3);
        for (Field field : fields) {
            CharSequence value = switch (field) {
                case TENANT -> domain.getTenant();
                case LANGUAGE -> domain.getLanguage();
                case SITE -> domain.getSite();
            };
            if (value != null && !value.toString().isBlank()) {
                parts.add(field.name().toLowerCase(Locale.ROOT) + "=" + value);
            }
        }
        return parts.isEmpty() ? null : String.join(",", parts);
    }

    @Override
    public String toString() {
        return String.join(",", fields.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
    }
}
