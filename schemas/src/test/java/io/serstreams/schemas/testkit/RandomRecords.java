package io.serstreams.schemas.testkit;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random generic values for any Avro schema, reproducible from a seed. */
public final class RandomRecords {
    private final Random random;

    public RandomRecords(long seed) {
        this.random = new Random(seed);
    }

    public Object next(Schema schema) {
        return switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                schema.getFields().forEach(f -> record.put(f.pos(), next(f.schema())));
                yield record;
            }
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(next(schema.getElementType()));
                }
                yield new GenericData.Array<>(schema, items);
            }
            case MAP -> {
                Map<String, Object> map = new HashMap<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    map.put("k" + random.nextInt(1000), next(schema.getValueType()));
                }
                yield map;
            }
            case UNION -> next(schema.getTypes().get(random.nextInt(schema.getTypes().size())));
            case FIXED -> {
                byte[] bytes = new byte[schema.getFixedSize()];
                random.nextBytes(bytes);
                yield new GenericData.Fixed(schema, bytes);
            }
            case STRING -> "s" + Long.toHexString(random.nextLong());
            case BYTES -> {
                byte[] bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                yield ByteBuffer.wrap(bytes);
            }
            case INT -> random.nextInt();
            case LONG -> schema.getLogicalType() != null ? 1_700_000_000_000L + random.nextInt(1_000_000_000) : random.nextLong();
            case FLOAT -> random.nextFloat();
            case DOUBLE -> random.nextDouble();
            case BOOLEAN -> random.nextBoolean();
            case NULL -> null;
        };
    }
}
