package org.cbrnn.cli;

import java.util.List;
import org.cbrnn.options.Opt;
import org.cbrnn.options.OptValues;

/** {@code cbrnn help}: the commands with their summaries. */
final class HelpCommand implements Command {
    @Override
    public String name() {
        return "help";
    }

    @Override
    public String summary() {
        return "list the commands ('cbrnn <command> --help' for a command's options)";
    }

    @Override
    public List<Opt<?>> options() {
        return List.of();
    }

    @Override
    public int run(OptValues o, Context ctx) {
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
