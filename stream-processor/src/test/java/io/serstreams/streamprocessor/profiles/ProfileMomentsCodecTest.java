package io.serstreams.streamprocessor.profiles;

import io.serstreams.featureextractor.features.FrameDescriptor;
import io.serstreams.modelserver.engine.SegmentInput;
import io.serstreams.modelserver.profile.ProfileDecay;
import io.serstreams.modelserver.profile.ProfileMoments;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Profile sums through the repartition topic and the store: every double exactly as it was. */
class ProfileMomentsCodecTest {

    private static ProfileMoments sums(int encoderWidth, long seed) {
        Random random = new Random(seed);
        int melBands = 64;
        int frames = 96;
        ProfileMoments sums = ProfileMoments.empty(encoderWidth);
        for (int s = 0; s < 3; s++) {
            float[] logMel = new float[frames * melBands];
            float[] descriptors = new float[frames * FrameDescriptor.COUNT];
            for (int i = 0; i < logMel.length; i++) {
                logMel[i] = (float) random.nextGaussian() * 3 - 5;
            }
            for (int i = 0; i < descriptors.length; i++) {
                descriptors[i] = (float) random.nextGaussian();
            }
            float[] encoder = new float[encoderWidth];
            for (int i = 0; i < encoderWidth; i++) {
                encoder[i] = (float) random.nextGaussian();
            }
            sums = sums.plus(ProfileMoments.ofSegment(new SegmentInput(logMel, 1, descriptors, frames), encoder, melBands, 0.96 + s / 3.0, encoderWidth),
                    ProfileDecay.halfLife(java.time.Duration.ofSeconds(2)));
        }
        return sums;
    }

    private static void assertSame(ProfileMoments read, ProfileMoments written) {
        assertThat(read.segments()).isEqualTo(written.segments());
        assertThat(read.speechSeconds()).isEqualTo(written.speechSeconds());
        assertThat(new double[]{read.melWeight(), read.melSum(), read.melSquares(), read.descriptorWeight(), read.encoderWeight()})
                .containsExactly(written.melWeight(), written.melSum(), written.melSquares(), written.descriptorWeight(), written.encoderWeight());
        assertThat(read.descriptorSum()).containsExactly(written.descriptorSum());
        assertThat(read.descriptorSquares()).containsExactly(written.descriptorSquares());
        assertThat(read.encoderSum()).isEqualTo(written.encoderSum());
        assertThat(read.encoderSquares()).isEqualTo(written.encoderSquares());
    }

    @Test
    void sumsWithAndWithoutAnEncoderComeBackExactly() {
        for (int width : new int[]{0, 960}) {
            ProfileMoments written = sums(width, width);
            ProfileMoments read = ProfileMomentsCodec.serde().deserializer().deserialize("t", ProfileMomentsCodec.serde().serializer().serialize("t", written));
            assertSame(read, written);
            assertThat(read.encoderSum() == null).isEqualTo(width == 0);
        }
    }

    @Test
    void aStoreEntryKeepsItsSumsWhatTheyAreOfAndWhetherTheyArePublished() {
        ProfileMoments sums = sums(4, 9);
        StoredProfile entry = new StoredProfile("vggish-logmel-v1", "mn04", sums, 1234L, true, false);
        StoredProfile read = StoredProfile.fromBytes(entry.toBytes());
        assertThat(read.features()).isEqualTo("vggish-logmel-v1");
        assertThat(read.encoder()).isEqualTo("mn04");
        assertThat(read.updatedAt()).isEqualTo(1234L);
        assertThat(read.published()).isTrue();
        assertThat(read.publishedActive()).isFalse();
        assertSame(read.moments(), sums);
    }
}
