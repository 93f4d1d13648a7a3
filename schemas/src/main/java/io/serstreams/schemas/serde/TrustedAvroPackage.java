package io.serstreams.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Avro 1.12 refuses to instantiate generated classes outside a list of trusted packages. This adds
 * ours ({@code io.serstreams.schema}) once, on top of whatever the JVM already trusts, so nobody has
 * to remember {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}.
 */
public final class TrustedAvroPackage {
    public static final String EVENTS_PACKAGE = "io.serstreams.schema";
    private static volatile boolean installed;

    private TrustedAvroPackage() {
    }

    /** Trusts the event package; idempotent and thread-safe. */
    public static void install() {
        if (installed) {
            return;
        }
        synchronized (TrustedAvroPackage.class) {
            if (!installed) {
                ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
                ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                        previous, type -> EVENTS_PACKAGE.equals(type.getPackageName())));
                installed = true;
            }
        }
    }
}
