package org.effbench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ImageBatchesTest {

    /**
     * torchvision's ImageNet normalisation (transforms.Normalize(mean=[0.485, 0.456, 0.406],
     * std=[0.229, 0.224, 0.225]), the statistics its pre-trained models expect) maps an 8-bit
     * channel value k to (k / 255 - mean) / std. Bounds worked out by hand, k = 0 and k = 255: red
     * (0 - 0.485) / 0.229 = -2.1179 to (1 - 0.485) / 0.229 = 2.2489; green -0.456 / 0.224 = -2.0357
     * to 0.544 / 0.224 = 2.4286; blue -0.406 / 0.225 = -1.8044 to 0.594 / 0.225 = 2.6400. And every
     * value is one of those 256 levels: value x std + mean is a whole number of 255ths, which a
     * channel normalised with another channel's statistics would not be.
     */
    private static final double[][] CHANNELS = {
        {0.485, 0.229, -2.1179, 2.2489},
        {0.456, 0.224, -2.0357, 2.4286},
        {0.406, 0.225, -1.8044, 2.6400},
    };

    @Test
    void aBatchIsChannelsFirstAndNormalisedWithTheImageNetStatistics() {
        ImageBatches images = new ImageBatches(16, 24, 2, 3, 5);
        float[] batch = images.decodeNormalised(0);

        assertThat(batch).hasSize(2 * 3 * 16 * 24);
        int plane = 16 * 24;
        for (int sample = 0; sample < 2; sample++) {
            for (int c = 0; c < 3; c++) {
                double mean = CHANNELS[c][0];
                double std = CHANNELS[c][1];
                for (int i = (sample * 3 + c) * plane; i < (sample * 3 + c + 1) * plane; i++) {
                    assertThat((double) batch[i])
                            .as("channel %d", c)
                            .isBetween(CHANNELS[c][2] - 1e-4, CHANNELS[c][3] + 1e-4);
                    double level = (batch[i] * std + mean) * 255;
                    assertThat(level)
                            .as("channel %d value %s", c, batch[i])
                            .isCloseTo(Math.rint(level), within(1e-3));
                }
            }
        }
        assertThat(images.encodedBytes(0)).as("really JPEG-compressed").isLessThan(16 * 24 * 3);
    }

    @Test
    void batchesCycleThroughTheImagesAndAreReproducible() {
        ImageBatches a = new ImageBatches(8, 8, 1, 2, 9);
        ImageBatches b = new ImageBatches(8, 8, 1, 2, 9);

        assertThat(a.decodeNormalised(0))
                .isEqualTo(b.decodeNormalised(0))
                .isEqualTo(a.decodeNormalised(2));
        assertThat(a.decodeNormalised(0)).isNotEqualTo(a.decodeNormalised(1));
    }

    @Test
    void emptySizesAreRejected() {
        assertThatThrownBy(() -> new ImageBatches(8, 8, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "image batches need height, width, batch and distinct >= 1, got 8, 8, 0, 1");
    }
}
