package org.cbrnn.experiment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelIO;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TrainerState;
import org.cbrnn.util.AtomicFiles;
import org.cbrnn.util.Check;
import org.cbrnn.util.Crc;
import org.cbrnn.util.Rng;

/**
 * The binary form of a {@link Checkpoint}: magic, format version, the model ({@link ModelIO}), the trainer state
 * (epoch, level, generator states, momentum buffers, records as CSV) and a trailing CRC32 of everything before it.
 * A file that is truncated, bit-flipped or of another format is refused with an {@link IOException} naming it.
 */
public final class CheckpointCodec {
    private static final long MAGIC = 0x4342524E4E434B50L; // "CBRNNCKP"
    private static final int VERSION = 1;

    private CheckpointCodec() {}

    /** A model plus the trainer state at an epoch boundary. */
    public record Checkpoint(Model model, TrainerState state) {
        public Checkpoint {
            Check.notNull("model", model);
            Check.notNull("state", state);
        }
    }

    /** Encodes a checkpoint to bytes (CRC32 last). */
    public static byte[] encode(Model model, TrainerState state) {
        Check.notNull("model", model);
        Check.notNull("state", state);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeLong(MAGIC);
                out.writeInt(VERSION);
                ModelIO.write(model, out);
                out.writeInt(state.epochsCompleted());
                out.writeInt(state.level());
                out.writeInt(state.highestSolved());
                out.writeLong(state.trainRng().bits());
                out.writeDouble(state.trainRng().spareGaussian());
                out.writeLong(state.evalRng().bits());
                out.writeDouble(state.evalRng().spareGaussian());
                out.writeBoolean(state.finished());
                out.writeInt(state.momentum().length);
                for (float[] m : state.momentum()) {
                    out.writeInt(m == null ? -1 : m.length);
                    if (m != null) for (float v : m) out.writeFloat(v);
                }
                byte[] csv = EpochTables.toCsv(state.records()).getBytes(StandardCharsets.UTF_8);
                out.writeInt(csv.length);
                out.write(csv);
            }
            return Crc.seal(bytes.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream failed", e); // cannot happen for byte arrays
        }
    }

    /** Writes a checkpoint atomically (temporary file, fsync, rename). */
    public static void write(Path file, Model model, TrainerState state) throws IOException {
        Check.notNull("file", file);
        Check.notNull("model", model);
        Check.notNull("state", state);
        AtomicFiles.write(file, encode(model, state));
    }

    /** Reads and verifies a checkpoint; the IOException names the file and what is wrong with it. */
    public static Checkpoint read(Path file) throws IOException {
        Check.notNull("file", file);
        return decode(Files.readAllBytes(file), file.toString());
    }

    /** Decodes {@link #encode} output; {@code source} names the bytes in error messages. */
    public static Checkpoint decode(byte[] all, String source) throws IOException {
        Check.notNull("all", all);
        Check.notNull("source", source);
        if (all.length < 20) throw new IOException(source + " is not a checkpoint (too short: " + all.length + " bytes)");
        if (!Crc.verify(all)) throw new IOException(source + " is corrupted: checksum mismatch");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8))) {
            if (in.readLong() != MAGIC) throw new IOException(source + " is not a cbrnn checkpoint");
            int v = in.readInt();
            if (v != VERSION) throw new IOException(source + " has checkpoint version " + v + ", expected " + VERSION);
            Model model = ModelIO.read(in, source);
            int epochs = in.readInt(), level = in.readInt(), solved = in.readInt();
            Rng.State tr = new Rng.State(in.readLong(), in.readDouble());
            Rng.State ev = new Rng.State(in.readLong(), in.readDouble());
            boolean finished = in.readBoolean();
            int buffers = in.readInt();
            if (buffers < 0 || buffers > 10_000) throw new IOException(source + " is damaged: " + buffers + " momentum buffers");
            float[][] mom = new float[buffers][];
            for (int i = 0; i < mom.length; i++) {
                int n = in.readInt();
                if (n > all.length) throw new IOException(source + " is damaged: momentum buffer of " + n + " floats");
                if (n >= 0) {
                    mom[i] = new float[n];
                    for (int j = 0; j < n; j++) mom[i][j] = in.readFloat();
                }
            }
            int csvLen = in.readInt();
            if (csvLen < 0 || csvLen > all.length) throw new IOException(source + " is damaged: table of " + csvLen + " bytes");
            byte[] csv = new byte[csvLen];
            in.readFully(csv);
            List<EpochRecord> recs = EpochTables.fromCsv(new String(csv, StandardCharsets.UTF_8));
            return new Checkpoint(model, new TrainerState(epochs, level, solved, tr, ev, mom, recs, finished));
        }
    }
}
