package io.serstreams.trainer.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Where readers report bad data. With {@link Policy#SKIP} the item is left out, logged and kept in
 * {@link #reported()}; with {@link Policy#FAIL} the first problem stops the run with its message.
 */
public final class DataProblems {
    private static final Logger LOG = LoggerFactory.getLogger(DataProblems.class);

    /** What to do about bad data. */
    public enum Policy { SKIP, FAIL }

    private final Policy policy;
    private final List<String> reported = new ArrayList<>();

    public DataProblems(Policy policy) {
        this.policy = policy;
    }

    /** Reports a problem with {@code where} (a file or folder); throws under {@link Policy#FAIL}. */
    public void report(Object where, String problem) {
        String message = where + ": " + problem;
        if (policy == Policy.FAIL) {
            throw new DataException(message);
        }
        LOG.warn("skipping {}", message);
        reported.add(message);
    }

    public List<String> reported() {
        return List.copyOf(reported);
    }
}
