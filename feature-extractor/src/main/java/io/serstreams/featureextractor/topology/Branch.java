package io.serstreams.featureextractor.topology;

import org.apache.kafka.streams.kstream.ValueMapper;

import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * One kind of a processor's sealed output as a stream of its own type, for
 * {@code KStream.flatMapValues}: {@code out.flatMapValues(Branch.of(Rejected.class, Rejected::bytes), Named.as(...))}
 * keeps the {@code Rejected} values (their bytes, which may be null) and drops the others. Keys,
 * timestamps and headers go on unchanged, and each output still reaches its branch in the order
 * the processor forwarded it.
 */
public final class Branch {
    private Branch() {
    }

    /** The values of {@code kind}, mapped by {@code value}; nothing for any other kind. */
    public static <V, T extends V, R> ValueMapper<V, List<R>> of(Class<T> kind, Function<? super T, ? extends R> value) {
        return output -> kind.isInstance(output) ? Collections.singletonList(value.apply(kind.cast(output))) : List.of();
    }
}
