package org.cbrnn.model;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.cbrnn.util.AtomicFiles;
import org.cbrnn.util.Check;

/**
 * Binary model files: magic {@code CBRNNMDL}, format version, the config as key/value pairs, every tensor (name, shape,
 * floats), then a CRC32 of everything before it. Written to a temporary file and renamed, so a crash never leaves a
 * half-written file under the final name.
 */
public final class ModelIO {
    static final long MAGIC = 0x4342524E4E4D444CL; // "CBRNNMDL"
    /** Bumped when the layout changes; older versions are rejected with a clear message. */
    public static final int FORMAT_VERSION = 1;

    private ModelIO() {}

    public static void save(Model model, Path file) throws IOException {
        Check.notNull("model", model);
        Check.notNull("file", file);
        if (!model.hasConfigLayout()) {
            throw new IOException("model has a custom parameter layout; save its Parameters with the cell that defines them");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(MAGIC);
            out.writeInt(FORMAT_VERSION);
            write(model, out);
        }
        AtomicFiles.write(file, org.cbrnn.util.Crc.seal(bytes.toByteArray()));
    }

    /** Config and tensors, without header or checksum (used inside other files, e.g. checkpoints). */
    public static void write(Model model, DataOutputStream out) throws IOException {
        Check.notNull("model", model);
        Check.notNull("out", out);
        {
            Map<String, String> props = model.config().toProperties();
            out.writeInt(props.size());
            for (var e : props.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            Parameters p = model.parameters();
            out.writeInt(p.size());
            for (int i = 0; i < p.size(); i++) {
                ParamSpec s = p.spec(i);
                out.writeUTF(s.name());
                out.writeInt(s.rows());
                out.writeInt(s.cols());
                for (float v : p.get(i)) out.writeFloat(v);
            }
        }
    }

    public static Model load(Path file) throws IOException {
        Check.notNull("file", file);
        byte[] all = Files.readAllBytes(file);
        if (all.length < 20) throw new IOException(file + " is not a cbrnn model file (too short: " + all.length + " bytes)");
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = new DataInputStream(new ByteArrayInputStream(all, all.length - 8, 8)).readLong();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8))) {
            if (in.readLong() != MAGIC) throw new IOException(file + " is not a cbrnn model file (bad magic)");
            if (crc.getValue() != stored) throw new IOException(file + " is corrupted: checksum mismatch");
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IOException(file + " has format version " + version + "; this build reads version " + FORMAT_VERSION);
            }
            return read(in, file.toString());
        }
    }

    /** Inverse of {@link #write(Model, DataOutputStream)}. */
    public static Model read(DataInputStream in, String file) throws IOException {
        Check.notNull("in", in);
        Check.notNull("file", file);
        {
            int np = in.readInt();
            Map<String, String> props = new LinkedHashMap<>();
            for (int i = 0; i < np; i++) props.put(in.readUTF(), in.readUTF());
            ModelConfig config = ModelConfig.fromProperties(props);
            List<ParamSpec> specs = config.parameterSpecs();
            int nt = in.readInt();
            if (nt != specs.size()) throw new IOException(file + " holds " + nt + " tensors, config expects " + specs.size());
            float[][] v = new float[nt][];
            for (int i = 0; i < nt; i++) {
                String name = in.readUTF();
                int r = in.readInt(), c = in.readInt();
                ParamSpec s = specs.get(i);
                if (!name.equals(s.name()) || r != s.rows() || c != s.cols()) {
                    throw new IOException(file + ": tensor " + i + " is " + name + " [" + r + "x" + c + "], expected " + s.name()
                            + " [" + s.rows() + "x" + s.cols() + "]");
                }
                v[i] = new float[r * c];
                for (int j = 0; j < v[i].length; j++) v[i][j] = in.readFloat();
            }
            return new Model(config, new Parameters(specs, v));
        }
    }
}
