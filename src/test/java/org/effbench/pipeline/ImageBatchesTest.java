package org.effbench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageBatchesTest {

    @Test
    void aBatchIsChannelsFirstAndNormalisedWithTheImageNetStatistics() {
        ImageBatches images = new ImageBatches(16, 24, 2, 3, 5);
        float[] batch = images.decodeNormalised(0);

        assertThat(batch).hasSize(2 * 3 * 16 * 24);
        int plane = 16 * 24;
        for (int c = 0; c < 3; c++) {
            // a channel value v in [0, 1] maps to (v - mean) / std
            float low = (0 - ImageBatches.MEAN[c]) / ImageBatches.STD[c];
            float high = (1 - ImageBatches.MEAN[c]) / ImageBatches.STD[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                assertThat(batch[i]).isBetween(low, high);
            }
        }
        assertThat(images.encodedBytes(0)).as("really JPEG-compressed").isLessThan(16 * 24 * 3);
    }

    @Test
    void batchesCycleThroughTheImagesAndAreReproducible() {
        ImageBatches a = new ImageBatches(8, 8, 1, 2, 9);
        ImageBatches b = new ImageBatches(8, 8, 1, 2, 9);

        assertThat(a.decodeNormalised(0)).isEqualTo(b.decodeNormalised(0)).isEqualTo(a.decodeNormalised(2));
        assertThat(a.decodeNormalised(0)).isNotEqualTo(a.decodeNormalised(1));
    }

    @Test
    void emptySizesAreRejected() {
        assertThatThrownBy(() -> new ImageBatches(8, 8, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image batches need height, width, batch and distinct >= 1, got 8, 8, 0, 1");
    }
}
