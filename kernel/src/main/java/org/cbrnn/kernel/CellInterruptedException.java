package org.cbrnn.kernel;

/** The cell was stopped by a Jupyter interrupt request (the kernel's KeyboardInterrupt). */
public class CellInterruptedException extends Exception {
    public CellInterruptedException() {
        super("Interrupted: the cell was stopped by an interrupt request");
    }
}
