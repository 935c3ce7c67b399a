package org.cbrnn.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.cbrnn.util.Check;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Rounding of Tablesaw tables for display, so a notebook shows 1.04 rather than 1.0357142857142856. The table's other
 * columns and its name are kept; missing values stay missing.
 *
 * <pre>{@code
 * Tables.significant(view.summary(), 3)   // 3 significant digits, whole parts kept: 25041.3 -> 25041, 0.01234 -> 0.0123
 * Tables.decimals(table, 1)               // one decimal: 215.43 -> 215.4
 * }</pre>
 */
public final class Tables {
    private Tables() {}

    /**
     * A copy of {@code table} whose double columns are rounded to {@code digits} significant digits, except that a
     * value's whole part is never rounded away (25041.3 at 3 digits is 25041, not 25000: counts and AUCs stay exact).
     */
    public static Table significant(Table table, int digits) {
        Check.notNull("table", table);
        Check.inRange("digits", digits, 1, 17);
        return map(table, v -> significant(v, digits));
    }

    /** A copy of {@code table} whose double columns are rounded to {@code decimals} places after the point. */
    public static Table decimals(Table table, int decimals) {
        Check.notNull("table", table);
        Check.inRange("decimals", decimals, 0, 15);
        return map(table, v -> decimals(v, decimals));
    }

    /** {@code v} to {@code digits} significant digits, whole part kept; NaN and infinities unchanged. */
    public static double significant(double v, int digits) {
        Check.inRange("digits", digits, 1, 17);
        if (!Double.isFinite(v) || v == 0) return v;
        if (Math.abs(v) >= Math.pow(10, digits)) return Math.rint(v);
        return new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN)).doubleValue();
    }

    /** {@code v} to {@code decimals} places after the point (half even); NaN and infinities unchanged. */
    public static double decimals(double v, int decimals) {
        Check.inRange("decimals", decimals, 0, 15);
        if (!Double.isFinite(v)) return v;
        return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static Table map(Table table, java.util.function.DoubleUnaryOperator f) {
        Table out = Table.create(table.name());
        for (Column<?> c : table.columns()) {
            if (c instanceof DoubleColumn d) {
                DoubleColumn r = DoubleColumn.create(d.name());
                for (int i = 0; i < d.size(); i++) {
                    if (d.isMissing(i)) r.appendMissing();
                    else r.append(f.applyAsDouble(d.getDouble(i)));
                }
                out.addColumns(r);
            } else {
                out.addColumns(c.copy());
            }
        }
        return out;
    }
}
