package io.serstreams.schemas.serde;

import org.apache.kafka.common.config.ConfigException;

import java.util.Map;

/**
 * Serde settings, with Confluent's property names.
 *
 * @param autoRegister   register a record's schema when it is new ({@code auto.register.schemas}, default true);
 *                       when false the schema must already be registered under the subject
 * @param specificReader decode to generated classes found by the writer schema's name rather than to
 *                       generic records ({@code specific.avro.reader}, default false)
 */
public record AvroSerdeConfig(boolean autoRegister, boolean specificReader) {
    public static final String AUTO_REGISTER = "auto.register.schemas";
    public static final String SPECIFIC_READER = "specific.avro.reader";

    public static AvroSerdeConfig from(Map<String, ?> props) {
        return new AvroSerdeConfig(flag(props, AUTO_REGISTER, true), flag(props, SPECIFIC_READER, false));
    }

    private static boolean flag(Map<String, ?> props, String key, boolean fallback) {
        Object value = props.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(key, value, "expected true or false");
    }
}
