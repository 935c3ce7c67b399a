package org.cbrnn.kernel;

import java.util.List;

/** A cell threw. Carries the user's exception class name, message and a trimmed stack trace. */
public class EvaluationException extends Exception {
    private final String exceptionClass;
    private final List<String> trace;

    public EvaluationException(String exceptionClass, String message, List<String> trace) {
        super(message == null ? exceptionClass : exceptionClass + ": " + message);
        this.exceptionClass = exceptionClass;
        this.trace = List.copyOf(trace);
    }

    /** Fully qualified class name of what the cell threw. */
    public String exceptionClass() {
        return exceptionClass;
    }

    /** Lines: the exception, its frames ("\tat ..."), and any causes. */
    public List<String> trace() {
        return trace;
    }
}
