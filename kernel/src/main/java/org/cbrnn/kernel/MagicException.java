package org.cbrnn.kernel;

/** A line magic failed (bad arguments, no matching files, Maven resolution failed, ...). */
public class MagicException extends Exception {
    public MagicException(String message) {
        super(message);
    }

    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
