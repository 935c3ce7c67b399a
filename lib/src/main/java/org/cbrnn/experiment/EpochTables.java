package org.cbrnn.experiment;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cbrnn.model.Module;
import org.cbrnn.train.EpochRecord;
import org.cbrnn.train.TaskEpochs;
import org.cbrnn.util.Check;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Epoch records as CSV (lossless, for the run store) and as Tablesaw tables (for analysis and notebooks). */
public final class EpochTables {
    static final String HEADER = "epoch,level,phase,learning,trainLoss,trainAccuracy,evalAccuracy,solved,gradNorm,"
            + "gradNormCore,gradNormCerebellum,gradNormReadout,skippedSteps,seconds";
    /** The columns a multi-task protocol's table adds ({@link TaskEpochs}); single-task tables keep {@link #HEADER}. */
    static final String PROTOCOL_COLUMNS = ",heads,active,frozen";

    private EpochTables() {}

    /**
     * CSV with full double precision; {@link #fromCsv(String)} restores identical records. A table with any protocol
     * record ({@link EpochRecord#tasks()} not empty) has three more columns; a single-task table is written exactly as
     * in every earlier version.
     */
    public static String toCsv(List<EpochRecord> records) {
        Check.notNull("records", records);
        boolean protocol = records.stream().anyMatch(r -> !r.tasks().isEmpty());
        StringBuilder sb = new StringBuilder(HEADER).append(protocol ? PROTOCOL_COLUMNS : "").append('\n');
        for (EpochRecord r : records) {
            sb.append(r.epoch()).append(',').append(r.level()).append(',').append(r.phase()).append(',')
                    .append(learningText(r.learning())).append(',').append(r.trainLoss()).append(',')
                    .append(r.trainAccuracy()).append(',').append(r.evalAccuracy()).append(',').append(r.solved()).append(',')
                    .append(r.gradNorm()).append(',');
            for (Module m : Module.values()) sb.append(r.gradNormByModule().getOrDefault(m, Double.NaN)).append(',');
            sb.append(r.skippedSteps()).append(',').append(r.seconds());
            if (protocol) sb.append(',').append(r.tasks().headsText()).append(',').append(r.tasks().active()).append(',').append(r.tasks().frozen());
            sb.append('\n');
        }
        return sb.toString();
    }

    public static List<EpochRecord> fromCsv(String csv) {
        Check.notNull("csv", csv);
        String[] lines = csv.split("\n");
        boolean protocol = lines.length > 0 && lines[0].trim().equals(HEADER + PROTOCOL_COLUMNS);
        if (lines.length == 0 || !(lines[0].trim().equals(HEADER) || protocol)) {
            throw new IllegalArgumentException("not an epochs.csv file: header must be '" + HEADER + "'");
        }
        int fields = protocol ? 17 : 14;
        List<EpochRecord> out = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            String[] f = lines[i].split(",", -1);
            if (f.length != fields) throw new IllegalArgumentException("epochs.csv line " + (i + 1) + " has " + f.length + " fields, expected " + fields);
            Map<Module, Double> gn = new EnumMap<>(Module.class);
            Module[] mods = Module.values();
            for (int m = 0; m < 3; m++) {
                double v = Double.parseDouble(f[9 + m]);
                if (!Double.isNaN(v)) gn.put(mods[m], v);
            }
            EpochRecord r = new EpochRecord(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2], parseLearning(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Boolean.parseBoolean(f[7]),
                    Double.parseDouble(f[8]), gn, Integer.parseInt(f[12]), Double.parseDouble(f[13]));
            if (protocol) {
                r = new EpochRecord(r.epoch(), r.level(), r.phase(), r.learning(), r.trainLoss(), r.trainAccuracy(), r.evalAccuracy(), r.solved(),
                        r.gradNorm(), r.gradNormByModule(), r.skippedSteps(), r.seconds(),
                        new TaskEpochs(TaskEpochs.parseHeads(f[14]), f[15], f[16]));
            }
            out.add(r);
            // rows are written in order from epoch 1: a gap or repeat means the file was edited or damaged
            if (out.get(out.size() - 1).epoch() != out.size()) {
                throw new IllegalArgumentException("epochs.csv line " + (i + 1) + " is epoch " + out.get(out.size() - 1).epoch()
                        + ", expected " + out.size() + " (rows must be epochs 1, 2, 3, ... without gaps or repeats)");
            }
        }
        return out;
    }

    static String learningText(Set<Module> s) {
        StringBuilder sb = new StringBuilder();
        for (Module m : Module.values()) {
            if (s.contains(m)) sb.append(sb.length() > 0 ? "+" : "").append(m.name().toLowerCase(java.util.Locale.ROOT));
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    static Set<Module> parseLearning(String s) {
        Set<Module> set = EnumSet.noneOf(Module.class);
        if (s.equals("none")) return set;
        for (String p : s.split("\\+")) set.add(Module.valueOf(p.toUpperCase(java.util.Locale.ROOT)));
        return set;
    }

    /** One row per epoch: epoch, level, phase, learning, losses, accuracies, gradient norms, seconds. */
    public static Table toTable(String name, List<EpochRecord> records) {
        Check.notNull("name", name);
        Check.notNull("records", records);
        IntColumn epoch = IntColumn.create("epoch"), level = IntColumn.create("N"), skipped = IntColumn.create("skipped");
        StringColumn phase = StringColumn.create("phase"), learning = StringColumn.create("learning");
        DoubleColumn loss = DoubleColumn.create("train_loss"), tacc = DoubleColumn.create("train_acc"),
                eacc = DoubleColumn.create("eval_acc"), gn = DoubleColumn.create("grad_norm"),
                gCore = DoubleColumn.create("grad_core"), gCb = DoubleColumn.create("grad_cb"), gRo = DoubleColumn.create("grad_readout"),
                secs = DoubleColumn.create("seconds");
        BooleanColumn solved = BooleanColumn.create("solved");
        for (EpochRecord r : records) {
            epoch.append(r.epoch());
            level.append(r.level());
            phase.append(r.phase().text());
            learning.append(learningText(r.learning()));
            loss.append(r.trainLoss());
            tacc.append(r.trainAccuracy());
            eacc.append(r.evalAccuracy());
            solved.append(r.solved());
            gn.append(r.gradNorm());
            gCore.append(r.gradNormByModule().getOrDefault(Module.CORE, Double.NaN));
            gCb.append(r.gradNormByModule().getOrDefault(Module.CEREBELLUM, Double.NaN));
            gRo.append(r.gradNormByModule().getOrDefault(Module.READOUT, Double.NaN));
            skipped.append(r.skippedSteps());
            secs.append(r.seconds());
        }
        return Table.create(name, epoch, level, phase, learning, loss, tacc, eacc, solved, gn, gCore, gCb, gRo, skipped, secs);
    }
}
