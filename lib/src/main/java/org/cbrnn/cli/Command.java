package org.cbrnn.cli;

import java.util.List;
import org.cbrnn.options.Opt;
import org.cbrnn.options.OptParser;
import org.cbrnn.options.OptValues;

/**
 * One subcommand of {@code cbrnn}: a name, a summary, its declared options and what it does. The parser and the help
 * text are both made from {@link #options()}, so every accepted option is documented with its range and default.
 * Adding a command is one subclass and one entry in {@link Main#COMMANDS}.
 */
abstract class Command {
    private final String name;
    private final String summary;
    private final String usage;

    /**
     * @param name    what the user types, e.g. {@code train}
     * @param summary one line for {@code cbrnn help}
     * @param usage   paragraphs for {@code cbrnn <name> --help} between the summary and the options ("" for none)
     */
    Command(String name, String summary, String usage) {
        this.name = name;
        this.summary = summary;
        this.usage = usage;
    }

    final String name() {
        return name;
    }

    final String summary() {
        return summary;
    }

    /** The command's options, in help order (none unless overridden). */
    List<Opt<?>> options() {
        return List.of();
    }

    /**
     * The sub-commands of a command group such as {@code store check|repair|discard} ({@link Group}); each is named
     * with its group, e.g. {@code "store check"}. Empty for a plain command.
     */
    List<Command> subcommands() {
        return List.of();
    }

    /** Runs with parsed options; returns the exit code. Bad input throws {@link IllegalArgumentException} before any work. */
    abstract int run(OptValues options, Context context);

    final OptParser parser() {
        return OptParser.of(name, options());
    }

    final String help() {
        StringBuilder sb = new StringBuilder("cbrnn ").append(name).append(" - ").append(summary).append("\n\n");
        if (!usage.isBlank()) sb.append(usage.strip()).append("\n\n");
        if (!subcommands().isEmpty()) {
            sb.append("sub-commands ('cbrnn ").append(name).append(" <sub-command> --help' for their options):\n");
            for (Command c : subcommands()) sb.append(String.format("  %-22s %s%n", c.name(), c.summary()));
            return sb.toString();
        }
        return sb.append("options:\n").append(parser().help()).toString();
    }

    /**
     * A command made of sub-commands, e.g. {@code new Group("store", "check, repair or discard runs of a store", "",
     * List.of(new StoreCheck(), ...))} where {@code StoreCheck} is named {@code "store check"}.
     */
    static final class Group extends Command {
        private final List<Command> subcommands;

        Group(String name, String summary, String usage, List<Command> subcommands) {
            super(name, summary, usage);
            for (Command c : subcommands) {
                if (!c.name().startsWith(name + " ")) throw new IllegalArgumentException("sub-command '" + c.name() + "' must be named '" + name + " <word>'");
            }
            this.subcommands = List.copyOf(subcommands);
        }

        @Override
        List<Command> subcommands() {
            return subcommands;
        }

        @Override
        int run(OptValues options, Context context) {
            throw new IllegalStateException("a command group does not run; its sub-commands do");
        }
    }
}
