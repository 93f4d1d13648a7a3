package io.serstreams.trainer.encoder;

/**
 * mn04's activation map of one segment at the input of a block, {@code [channels, rows, columns]}
 * row-major (rows: frequency, columns: time).
 */
public record ActivationMap(int channels, int rows, int columns, float[] values) {
    public ActivationMap {
        if (channels < 1 || rows < 1 || columns < 1 || values.length != channels * rows * columns) {
            throw new IllegalArgumentException(values.length + " values for a map of " + channels + " x " + rows + " x " + columns);
        }
    }
}
