package org.cbrnn.cli;

import java.io.PrintStream;

/**
 * What a command talks to: where it prints and how it asks the user to confirm large work.
 *
 * @param out     tables and progress
 * @param confirm asks a yes/no question on the terminal
 */
record Context(PrintStream out, Confirm confirm) {

    /** Asks a yes/no question; {@code null} when there is no terminal to ask on. */
    @FunctionalInterface
    interface Confirm {
        Boolean ask(String question);

        /** The JVM's console, if stdin and stdout are a terminal. */
        static Confirm console() {
            return question -> {
                java.io.Console c = System.console();
                if (c == null) return null;
                String answer = c.readLine("%s [y/N] ", question);
                return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
            };
        }

        /** No terminal: large work needs {@code --yes}. */
        static Confirm none() {
            return question -> null;
        }
    }
}
