package org.cbrnn.cli;

import java.util.List;

/**
 * A subcommand: its name, one-line summary and options. The help text is generated from the same option list the
 * parser accepts, so every option is documented and no documented option is missing.
 */
record Command(String name, String summary, String usage, List<Opt> opts) {

    /** One option: {@code --name <arg>} (or a flag), its help text with the allowed range and default. */
    record Opt(String name, String arg, String help) {
        boolean flag() {
            return arg == null;
        }
    }

    static Opt opt(String name, String arg, String help) {
        return new Opt(name, arg, help);
    }

    static Opt flag(String name, String help) {
        return new Opt(name, null, help);
    }

    Opt opt(String name) {
        return opts.stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
    }

    String help() {
        StringBuilder sb = new StringBuilder("cbrnn ").append(name).append(" - ").append(summary).append("\n\n");
        if (!usage.isBlank()) sb.append(usage.strip()).append("\n\n");
        sb.append("options:\n");
        for (Opt o : opts) {
            String left = "  --" + o.name() + (o.flag() ? "" : " " + o.arg());
            sb.append(String.format("%-28s %s%n", left, o.help()));
        }
        sb.append(String.format("%-28s %s%n", "  --help", "this text"));
        return sb.toString();
    }
}
