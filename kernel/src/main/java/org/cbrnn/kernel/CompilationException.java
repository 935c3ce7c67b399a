package org.cbrnn.kernel;

import java.util.List;

/** A cell did not compile. The message is the first diagnostic; {@link #details()} has every diagnostic, formatted. */
public class CompilationException extends Exception {
    private final List<String> details;

    public CompilationException(String message, List<String> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    public List<String> details() {
        return details;
    }
}
