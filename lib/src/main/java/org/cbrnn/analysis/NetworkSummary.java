package org.cbrnn.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cbrnn.util.Check;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Mean and SEM over networks of per-network analysis tables (docs/protocol.md §9.10): the rows of several networks'
 * tables, stacked (one row per network and key), are grouped by key columns (e.g. condition, N, population) and each
 * value column becomes {@code <name>_mean} and {@code <name>_sem} (SD with divisor n − 1 over √n, NaN for one
 * network), with {@code networks} the number of rows that had a finite value of the first value column. Non-finite
 * values are left out of a group's mean and SEM. Groups keep the order in which they first occur.
 */
public final class NetworkSummary {
    private NetworkSummary() {}

    /** {@code tables} stacked with a first column {@code name} holding each table's key (e.g. the run or the condition). */
    public static Table stack(String name, Map<String, Table> tables) {
        Check.notNull("name", name);
        Check.notNull("tables", tables);
        Table out = null;
        for (var e : tables.entrySet()) {
            Table t = e.getValue().copy();
            t.insertColumn(0, tech.tablesaw.api.StringColumn.create(name, java.util.Collections.nCopies(t.rowCount(), e.getKey())));
            if (out == null) out = t;
            else out.append(t);
        }
        if (out == null) throw new IllegalArgumentException("tables must hold at least one table");
        return out;
    }

    /** Mean and SEM of {@code values} per combination of {@code keys}. */
    public static Table meanSem(Table table, List<String> keys, List<String> values) {
        Check.notNull("table", table);
        Check.notNull("keys", keys);
        Check.notNull("values", values);
        if (values.isEmpty()) throw new IllegalArgumentException("values must name at least one column");
        for (String k : keys) if (!table.columnNames().contains(k)) throw new IllegalArgumentException("no key column '" + k + "' in " + table.columnNames());
        for (String v : values) {
            if (!table.columnNames().contains(v)) throw new IllegalArgumentException("no value column '" + v + "' in " + table.columnNames());
            ColumnType ty = table.column(v).type();
            if (ty != ColumnType.DOUBLE && ty != ColumnType.INTEGER && ty != ColumnType.LONG && ty != ColumnType.FLOAT) {
                throw new IllegalArgumentException("value column '" + v + "' is not numeric");
            }
        }
        Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < table.rowCount(); i++) {
            List<String> key = new ArrayList<>();
            for (String k : keys) key.add(table.column(k).getString(i));
            groups.computeIfAbsent(key, x -> new ArrayList<>()).add(i);
        }
        Table out = Table.create(table.name() + " (mean, SEM over networks)");
        List<Column<?>> keyCols = new ArrayList<>();
        for (String k : keys) {
            Column<?> c = table.column(k).emptyCopy();
            keyCols.add(c);
            out.addColumns(c);
        }
        IntColumn n = IntColumn.create("networks");
        out.addColumns(n);
        List<DoubleColumn[]> vc = new ArrayList<>();
        for (String v : values) {
            DoubleColumn[] c = {DoubleColumn.create(v + "_mean"), DoubleColumn.create(v + "_sem")};
            out.addColumns(c);
            vc.add(c);
        }
        for (var g : groups.values()) {
            int first = g.get(0);
            for (int j = 0; j < keys.size(); j++) appendFrom(keyCols.get(j), table.column(keys.get(j)), first);
            for (int j = 0; j < values.size(); j++) {
                var col = table.numberColumn(values.get(j));
                double[] x = g.stream().filter(i -> !col.isMissing(i)).mapToDouble(col::getDouble).filter(Double::isFinite).toArray();
                if (j == 0) n.append(x.length);
                vc.get(j)[0].append(Stats.mean(x));
                vc.get(j)[1].append(Stats.sem(x));
            }
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void appendFrom(Column target, Column source, int row) {
        target.append(source, row);
    }
}
