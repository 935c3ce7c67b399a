package org.cbrnn.cli;

import org.cbrnn.options.OptValues;

/** {@code cbrnn help}: the commands with their summaries. */
final class HelpCommand extends Command {
    HelpCommand() {
        super("help", "list the commands ('cbrnn <command> --help' for a command's options)", "");
    }

    @Override
    int run(OptValues o, Context ctx) {
        ctx.out().print(text());
        return 0;
    }

    static String text() {
        StringBuilder sb = new StringBuilder("cbrnn: cortico-cerebellar RNNs (Voce, Giannakakis & Clopath 2026) in Java\n\ncommands:\n");
        for (Command c : Main.COMMANDS) sb.append(String.format("  %-11s %s%n", c.name(), c.summary()));
        sb.append("\n'cbrnn <command> --help' lists a command's options. Main job: cbrnn reproduce --quick\n");
        return sb.toString();
    }
}
