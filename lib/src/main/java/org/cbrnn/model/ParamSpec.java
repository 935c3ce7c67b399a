package org.cbrnn.model;

import org.cbrnn.util.Check;

/**
 * One named parameter tensor, stored row-major as PyTorch does ({@code [out][in]} for weights, {@code [out]} for
 * biases, which have {@code cols == 1}).
 */
public record ParamSpec(String name, Module module, int rows, int cols, Init init) {
    public ParamSpec {
        Check.notNull("name", name);
        Check.notNull("module", module);
        Check.notNull("init", init);
        Check.positive("rows", rows);
        Check.positive("cols", cols);
    }

    public int size() {
        return rows * cols;
    }

    public boolean isBias() {
        return cols == 1;
    }
}
