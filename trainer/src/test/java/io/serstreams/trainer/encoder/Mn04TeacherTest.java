package io.serstreams.trainer.encoder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Which of mn04's ~320 ms time steps a 0.96 s patch's teacher vector averages. */
class Mn04TeacherTest {
    private static final int PATCH_FRAMES = 96;

    /** Two channels over {@code steps} steps: channel 0 holds the step's index, channel 1 ten times it. */
    private static EncodedSegment ramp(int steps) {
        float[] frames = new float[2 * steps];
        for (int s = 0; s < steps; s++) {
            frames[s] = s;
            frames[steps + s] = 10 * s;
        }
        return new EncodedSegment(new float[2], new float[527], steps, frames);
    }

    @Test
    void eachPatchOfATwoPatchSegmentAveragesTheThreeStepsUnderIt() {
        Mn04Teacher teacher = new Mn04Teacher(null, PATCH_FRAMES);
        EncodedSegment six = ramp(6);
        assertThat(teacher.stepMean(six, 192, 0)).containsExactly(1f, 10f); // steps 0, 1, 2
        assertThat(teacher.stepMean(six, 192, 1)).containsExactly(4f, 40f); // steps 3, 4, 5
    }

    @Test
    void aShortTailSpreadsItsStepsOverItsOwnFramesAndNeverAveragesNothing() {
        Mn04Teacher teacher = new Mn04Teacher(null, PATCH_FRAMES);
        // 150 frames over 5 steps of 30 frames: the first patch (frames 0-95) overlaps steps 0 to 3.
        assertThat(teacher.stepMean(ramp(5), 150, 0)[0]).isCloseTo(1.5f, within(1e-6f));
        // A segment shorter than one step still gets its single step.
        assertThat(teacher.stepMean(ramp(1), 40, 0)).containsExactly(0f, 0f);
    }
}
