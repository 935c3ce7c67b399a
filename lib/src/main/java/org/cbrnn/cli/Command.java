package org.cbrnn.cli;

import java.util.List;
import org.cbrnn.options.Opt;
import org.cbrnn.options.OptParser;
import org.cbrnn.options.OptValues;

/**
 * One subcommand of {@code cbrnn}: a name, a summary, its declared options and what it does. The parser and the help
 * text are both made from {@link #options()}, so every accepted option is documented with its range and default.
 * Adding a command is one class implementing this interface and one entry in {@link Main#COMMANDS}.
 */
interface Command {
    String name();

    /** One line for {@code cbrnn help}. */
    String summary();

    /** Paragraphs shown in {@code cbrnn <name> --help} between the summary and the options. */
    default String usage() {
        return "";
    }

    List<Opt<?>> options();

    /** Runs with parsed options; returns the exit code. Bad input throws {@link IllegalArgumentException} before any work. */
    int run(OptValues options, Context context);

    default OptParser parser() {
        return OptParser.of(name(), options());
    }

    default String help() {
        StringBuilder sb = new StringBuilder("cbrnn ").append(name()).append(" - ").append(summary()).append("\n\n");
        if (!usage().isBlank()) sb.append(usage().strip()).append("\n\n");
        return sb.append("options:\n").append(parser().help()).toString();
    }
}
