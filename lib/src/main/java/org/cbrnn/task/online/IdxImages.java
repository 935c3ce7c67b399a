package org.cbrnn.task.online;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.cbrnn.util.Check;

/**
 * 28 x 28 grey images with labels from IDX files (the MNIST format, gzip-compressed or not), e.g. the Fashion-MNIST
 * files of Debian's {@code dataset-fashion-mnist} ({@code scripts/install-deps.sh --fashion-mnist}). Pixels are scaled
 * to [0, 1] (byte / 255), as torchvision's ToTensor does. Nothing is downloaded.
 *
 * @param images n x 784 values in [0, 1], row-major
 * @param labels n labels in 0..9
 */
public record IdxImages(float[][] images, int[] labels) {
    /** Where Debian's package installs Fashion-MNIST; {@code CBRNN_FASHION_MNIST} overrides it. */
    public static Path fashionDir() {
        String env = System.getenv("CBRNN_FASHION_MNIST");
        return Path.of(env != null && !env.isBlank() ? env : "/usr/share/datasets/fashion-mnist");
    }

    /** The Fashion-MNIST training set (60,000 images); a clear error naming the install command if it is absent. */
    public static IdxImages fashionTrain() {
        Path d = fashionDir();
        Path im = d.resolve("train-images-idx3-ubyte.gz"), lb = d.resolve("train-labels-idx1-ubyte.gz");
        if (!Files.isRegularFile(im) || !Files.isRegularFile(lb)) {
            throw new IllegalArgumentException("Fashion-MNIST is not installed: no " + im + " (install it with scripts/install-deps.sh "
                    + "--fashion-mnist, Debian package dataset-fashion-mnist, or set CBRNN_FASHION_MNIST to a directory holding the IDX files)");
        }
        return read(im, lb);
    }

    /** Reads an IDX3 image file and an IDX1 label file of one length; 28 x 28 images only. */
    public static IdxImages read(Path imageFile, Path labelFile) {
        Check.notNull("imageFile", imageFile);
        Check.notNull("labelFile", labelFile);
        try (DataInputStream im = open(imageFile); DataInputStream lb = open(labelFile)) {
            if (im.readInt() != 0x00000803) throw new IllegalArgumentException(imageFile + " is not an IDX3 image file (magic 0x803)");
            if (lb.readInt() != 0x00000801) throw new IllegalArgumentException(labelFile + " is not an IDX1 label file (magic 0x801)");
            int n = im.readInt(), rows = im.readInt(), cols = im.readInt(), m = lb.readInt();
            if (rows != 28 || cols != 28) throw new IllegalArgumentException(imageFile + " holds " + rows + " x " + cols + " images, not 28 x 28");
            if (n != m) throw new IllegalArgumentException(imageFile + " has " + n + " images but " + labelFile + " " + m + " labels");
            float[][] x = new float[n][784];
            byte[] buf = new byte[784];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                im.readFully(buf);
                for (int j = 0; j < 784; j++) x[i][j] = (buf[j] & 0xFF) / 255f;
                y[i] = lb.readUnsignedByte();
                if (y[i] > 9) throw new IllegalArgumentException(labelFile + ": label " + y[i] + " at " + i + " is not in 0..9");
            }
            return new IdxImages(x, y);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read IDX files " + imageFile + ", " + labelFile + ": " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = new java.io.BufferedInputStream(Files.newInputStream(p));
        return new DataInputStream(p.toString().endsWith(".gz") ? new GZIPInputStream(in) : in);
    }

    /** Sequential classification of these images, each sequence an image drawn uniformly at random. */
    public SeqImages task(String name) {
        return new SeqImages(name, (rng, img) -> {
            int i = rng.nextInt(labels.length);
            System.arraycopy(images[i], 0, img, 0, 784);
            return labels[i];
        });
    }
}
