package io.serstreams.streamprocessor.inference;

import io.serstreams.schema.DeclaredDomain;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The declared domain of a call: what its audio declared, with the fields it left empty filled in
 * from configured mappings, first by its tenant, then by the longest matching call-id prefix.
 */
public final class DomainTagger {
    private final Map<String, DeclaredDomain> byTenant;
    private final Map<String, DeclaredDomain> byCallIdPrefix;

    public DomainTagger(Map<String, DeclaredDomain> byTenant, Map<String, DeclaredDomain> byCallIdPrefix) {
        this.byTenant = Map.copyOf(byTenant);
        Map<String, DeclaredDomain> prefixes = new LinkedHashMap<>();
        byCallIdPrefix.entrySet().stream().sorted(Comparator.comparingInt((Map.Entry<String, DeclaredDomain> e) -> e.getKey().length()).reversed())
                .forEach(e -> prefixes.put(e.getKey(), e.getValue()));
        this.byCallIdPrefix = prefixes;
    }

    public static DomainTagger none() {
        return new DomainTagger(Map.of(), Map.of());
    }

    /**
     * Parses {@code tenant=acme,language=de-DE,site=berlin} (any subset of the three keys).
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static DeclaredDomain parse(String spec) {
        DeclaredDomain.Builder domain = DeclaredDomain.newBuilder().setTenant(null).setLanguage(null).setSite(null);
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2 || kv[1].isBlank()) {
                throw new IllegalArgumentException("domain mapping '" + spec + "': expected key=value pairs of tenant, language, site");
            }
            switch (kv[0].trim()) {
                case "tenant" -> domain.setTenant(kv[1].trim());
                case "language" -> domain.setLanguage(kv[1].trim());
                case "site" -> domain.setSite(kv[1].trim());
                default -> throw new IllegalArgumentException("domain mapping '" + spec + "': unknown key '" + kv[0].trim() + "' (tenant, language, site)");
            }
        }
        return domain.build();
    }

    /** The domain to tag a call's events with; null when nothing is declared or mapped. */
    public DeclaredDomain tag(String callId, DeclaredDomain declared) {
        DeclaredDomain result = declared;
        if (result != null && result.getTenant() != null) {
            result = merge(result, byTenant.get(result.getTenant().toString()));
        }
        for (Map.Entry<String, DeclaredDomain> prefix : byCallIdPrefix.entrySet()) {
            if (callId.startsWith(prefix.getKey())) {
                result = merge(result, prefix.getValue());
                if (result.getTenant() != null && declared == null) {
                    result = merge(result, byTenant.get(result.getTenant().toString()));
                }
                break;
            }
        }
        return result;
    }

    private static DeclaredDomain merge(DeclaredDomain first, DeclaredDomain fallback) {
        if (fallback == null) {
            return first;
        }
        if (first == null) {
            return fallback;
        }
        return new DeclaredDomain(first.getTenant() != null ? first.getTenant() : fallback.getTenant(),
                first.getLanguage() != null ? first.getLanguage() : fallback.getLanguage(),
                first.getSite() != null ? first.getSite() : fallback.getSite());
    }
}
