package org.effbench.pipeline;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Batches of images as a service receives them, JPEG-encoded, and the step that turns a batch into
 * a model's input: decode each image and normalise it with the ImageNet mean and deviation into one
 * float array, channels first. The images are synthetic (seeded smooth colour fields with noise, so
 * the JPEG codec does real work) and made once, up front.
 */
public final class ImageBatches {

    /** ImageNet per-channel mean and standard deviation (torchvision's transforms.Normalize). */
    static final float[] MEAN = {0.485f, 0.456f, 0.406f};

    static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final int height;
    private final int width;
    private final int batch;
    private final List<byte[]> jpegs = new ArrayList<>();

    /**
     * @param distinct how many different images to cycle through
     * @param seed of the synthetic pixels
     */
    public ImageBatches(int height, int width, int batch, int distinct, long seed) {
        if (height < 1 || width < 1 || batch < 1 || distinct < 1) {
            throw new IllegalArgumentException(
                    "image batches need height, width, batch and distinct >= 1, got "
                            + height
                            + ", "
                            + width
                            + ", "
                            + batch
                            + ", "
                            + distinct);
        }
        this.height = height;
        this.width = width;
        this.batch = batch;
        Random random = new Random(seed);
        for (int i = 0; i < distinct; i++) {
            jpegs.add(encode(synthetic(random)));
        }
    }

    /** Bytes of one encoded image (all have about this size). */
    public int encodedBytes(int image) {
        return jpegs.get(image).length;
    }

    /** Decodes and normalises batch number {@code index}: batch x 3 x height x width floats. */
    public float[] decodeNormalised(long index) {
        float[] out = new float[batch * 3 * height * width];
        int plane = height * width;
        int[] rgb = new int[3];
        for (int s = 0; s < batch; s++) {
            Raster raster =
                    decode(jpegs.get((int) ((index * batch + s) % jpegs.size()))).getRaster();
            int base = s * 3 * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    raster.getPixel(x, y, rgb);
                    int at = y * width + x;
                    for (int c = 0; c < 3; c++) {
                        out[base + c * plane + at] = (rgb[c] / 255f - MEAN[c]) / STD[c];
                    }
                }
            }
        }
        return out;
    }

    private BufferedImage synthetic(Random random) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        double fx = 1 + random.nextInt(6);
        double fy = 1 + random.nextInt(6);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r =
                        clamp(
                                128
                                        + 100 * Math.sin(fx * x / width * Math.PI)
                                        + random.nextGaussian() * 12);
                int g =
                        clamp(
                                128
                                        + 100 * Math.cos(fy * y / height * Math.PI)
                                        + random.nextGaussian() * 12);
                int b = clamp(128 + 60 * Math.sin((x + y) * 0.05) + random.nextGaussian() * 12);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static byte[] encode(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IllegalStateException("this JDK has no JPEG writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BufferedImage decode(byte[] jpeg) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            if (image == null || image.getWidth() != width || image.getHeight() != height) {
                throw new IllegalStateException("decoded image is not " + width + "x" + height);
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
