package org.cbrnn.kernel.exec;

import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.util.Map;

/** Hands JShell a {@link KernelExecutionControl}; keeps it so the evaluator can fetch values and stop cells. */
public final class KernelExecutionProvider implements ExecutionControlProvider {
    private final ClassLoader parent;
    private volatile KernelExecutionControl control;

    public KernelExecutionProvider(ClassLoader parent) {
        this.parent = parent;
    }

    @Override
    public String name() {
        return "cbrnn-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        control = new KernelExecutionControl(new KernelLoaderDelegate(parent));
        return control;
    }

    public KernelExecutionControl control() {
        return control;
    }
}
