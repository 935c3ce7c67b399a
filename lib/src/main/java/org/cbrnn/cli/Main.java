package org.cbrnn.cli;

import java.io.PrintStream;
import java.util.List;
import org.cbrnn.experiment.RunLock;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.options.OptValues;

/**
 * The command line: {@code cbrnn train | sweep | reproduce | summarize | bench | tasks | models | help}. Thin: each
 * command is a class with declared options ({@link Command}); this class picks the command, parses its options (all
 * of them, before any work) and runs it. All logic lives in the library packages.
 */
public final class Main {
    /** Every command, in the order {@code cbrnn help} lists them. A new command is one class and one entry here. */
    static final List<Command> COMMANDS = List.of(new TrainCommand(), new SweepCommand(), new ReproduceCommand(), new SummarizeCommand(), new FreezeTimingCommand(),
            new BenchCommand(), new TasksCommand(), new ModelsCommand(), StoreCommands.group(), AnalyseCommand.group(),
            new CcrnnCommand(), new HelpCommand());

    private Main() {}

    public static void main(String[] argv) {
        useLauncherStderr();
        int code;
        try {
            code = run(argv, System.out, Context.Confirm.console());
        } catch (IllegalArgumentException e) {
            System.err.println("cbrnn: " + e.getMessage());
            code = 2;
        } catch (RunStore.RunFailedException | RunStore.CorruptRunException | RunLock.RunLockedException | java.io.UncheckedIOException e) {
            // store and I/O problems are the user's to act on: one line with the path and the cause, no stack trace
            System.err.println("cbrnn: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    /**
     * The {@code ./cbrnn} launcher filters the JVM's own stderr (the incubator-module warning) and passes its real
     * stderr as another descriptor ({@code CBRNN_STDERR_FD}): writing there directly keeps errors and the resume hint
     * in order with the shell's prompt, which the filter process would not.
     */
    private static void useLauncherStderr() {
        String fd = System.getenv("CBRNN_STDERR_FD");
        if (fd == null || !fd.matches("[0-9]{1,4}")) return;
        java.nio.file.Path p = java.nio.file.Path.of("/dev/fd/" + fd);
        // a terminal or a pipe can be opened again safely; a log file would be opened with another offset (the
        // filter is harmless there, as no prompt follows)
        if (!java.nio.file.Files.exists(p) || java.nio.file.Files.isRegularFile(p)) return;
        try {
            System.setErr(new PrintStream(new java.io.FileOutputStream(p.toFile(), true), true));
        } catch (java.io.IOException | SecurityException e) {
            // no such descriptor (not started by the launcher): keep the JVM's stderr
        }
    }

    /** Runs a command line without a terminal to confirm on (large work needs {@code --yes}); returns the exit code. */
    static int run(String[] argv, PrintStream out) {
        return run(argv, out, Context.Confirm.none());
    }

    /** Runs a command line; returns the exit code. Bad options throw {@link IllegalArgumentException} before any work. */
    static int run(String[] argv, PrintStream out, Context.Confirm confirm) {
        return run(COMMANDS, argv, out, confirm);
    }

    /** Runs a command line against {@code commands}: the first word picks the command, a group's next word its sub-command. */
    static int run(List<Command> commands, String[] argv, PrintStream out, Context.Confirm confirm) {
        String name = argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") ? "help" : argv[0];
        Command c = find(commands, name, "command");
        int from = 1;
        while (!c.subcommands().isEmpty()) {
            if (from >= argv.length || argv[from].startsWith("-")) {
                if (from < argv.length && (argv[from].equals("--help") || argv[from].equals("-h"))) {
                    out.print(c.help());
                    return 0;
                }
                String group = c.name();
                throw new IllegalArgumentException(group + " needs a sub-command: "
                        + String.join(", ", c.subcommands().stream().map(x -> x.name().substring(group.length() + 1)).toList()));
            }
            c = find(c.subcommands(), c.name() + " " + argv[from], "sub-command");
            from++;
        }
        for (int i = from; i < argv.length; i++) {
            if (argv[i].equals("--help") || argv[i].equals("-h")) {
                out.print(c.help());
                return 0;
            }
        }
        OptValues options = c.parser().parse(argv, from);
        return c.run(options, new Context(out, confirm));
    }

    static Command command(String name) {
        return find(COMMANDS, name, "command");
    }

    private static Command find(List<Command> commands, String name, String what) {
        return commands.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown " + what + " '" + name + "'; " + what + "s: " + String.join(", ", commands.stream().map(Command::name).toList())));
    }
}
