package io.serstreams.trainer.encoder;

import io.serstreams.modelserver.bundle.FeatureStatistics;
import io.serstreams.trainer.train.TransferredInput;

/** mn04's input to the transferred path, each domain standardised by statistics of its own. */
public interface EncoderInput extends TransferredInput {
    /** The same input with {@code domain} standardised by {@code stats} instead. */
    EncoderInput with(String domain, FeatureStatistics stats);
}
