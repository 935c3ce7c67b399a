package org.cbrnn.cli;

import java.io.PrintStream;
import java.util.List;
import org.cbrnn.options.OptValues;

/**
 * The command line: {@code cbrnn train | sweep | reproduce | summarize | bench | tasks | models | help}. Thin: each
 * command is a class with declared options ({@link Command}); this class picks the command, parses its options (all
 * of them, before any work) and runs it. All logic lives in the library packages.
 */
public final class Main {
    /** Every command, in the order {@code cbrnn help} lists them. A new command is one class and one entry here. */
    static final List<Command> COMMANDS = List.of(new TrainCommand(), new SweepCommand(), new ReproduceCommand(), new SummarizeCommand(),
            new BenchCommand(), new TasksCommand(), new ModelsCommand(), new HelpCommand());

    private Main() {}

    public static void main(String[] argv) {
        int code;
        try {
            code = run(argv, System.out, Context.Confirm.console());
        } catch (IllegalArgumentException e) {
            System.err.println("cbrnn: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    /** Runs a command line without a terminal to confirm on (large work needs {@code --yes}); returns the exit code. */
    static int run(String[] argv, PrintStream out) {
        return run(argv, out, Context.Confirm.none());
    }

    /** Runs a command line; returns the exit code. Bad options throw {@link IllegalArgumentException} before any work. */
    static int run(String[] argv, PrintStream out, Context.Confirm confirm) {
        String name = argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") ? "help" : argv[0];
        Command c = command(name);
        for (int i = 1; i < argv.length; i++) {
            if (argv[i].equals("--help") || argv[i].equals("-h")) {
                out.print(c.help());
                return 0;
            }
        }
        OptValues options = c.parser().parse(argv, 1);
        return c.run(options, new Context(out, confirm));
    }

    static Command command(String name) {
        return COMMANDS.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown command '" + name + "'; commands: " + String.join(", ", COMMANDS.stream().map(Command::name).toList())));
    }
}
