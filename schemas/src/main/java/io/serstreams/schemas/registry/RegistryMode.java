package io.serstreams.schemas.registry;


/**
 * What a registry (or one subject) accepts, with Confluent's names: READWRITE, the usual;
 * READONLY, no registration or deletion; IMPORT, schemas registered with the ids and versions the
 * caller gives (to copy another registry), without compatibility checks.
 */
public enum RegistryMode {
    READWRITE,
    READONLY,
    IMPORT;

    /** Parses a mode name case-insensitively; null when it names no mode. */
    public static RegistryMode parse(String name) {
        return EnumNames.parse(RegistryMode.class, name);
    }
}
