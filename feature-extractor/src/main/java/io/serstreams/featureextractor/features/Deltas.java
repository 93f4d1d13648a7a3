package io.serstreams.featureextractor.features;

/** Regression deltas over +-2 frames (edges repeated), computed within one segment. */
final class Deltas {
    private Deltas() {
    }

    /** Writes the deltas of {@code source}'s columns into {@code target}'s, for {@code frames} rows. */
    static void fill(float[] rows, int frames, FrameDescriptor source, FrameDescriptor target) {
        int stride = FrameDescriptor.COUNT;
        for (int f = 0; f < frames; f++) {
            int m1 = Math.max(f - 1, 0);
            int m2 = Math.max(f - 2, 0);
            int p1 = Math.min(f + 1, frames - 1);
            int p2 = Math.min(f + 2, frames - 1);
            for (int c = 0; c < source.width(); c++) {
                int col = source.offset() + c;
                float delta = ((rows[p1 * stride + col] - rows[m1 * stride + col])
                        + 2 * (rows[p2 * stride + col] - rows[m2 * stride + col])) / 10f;
                rows[f * stride + target.offset() + c] = delta;
            }
        }
    }
}
