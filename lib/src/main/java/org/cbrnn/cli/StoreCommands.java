package org.cbrnn.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.cbrnn.experiment.RunCheck;
import org.cbrnn.experiment.RunStore;
import org.cbrnn.experiment.StoreUpgrade;
import org.cbrnn.options.Opt;
import org.cbrnn.options.OptValues;

/**
 * {@code cbrnn store check | repair | discard | upgrade}: look after a run store. {@code check} only reads; the others
 * change one run (or, for upgrade, the directory names) and say what they did.
 */
final class StoreCommands {
    private StoreCommands() {}

    static final Opt<Path> STORE = Opt.path("store", "DIR", Opt.PathRule.DIRECTORY, "run store directory");
    static final Opt<String> RUN = Opt.custom("run", "NAME", "the name of a run directory of the store", StoreCommands::runName,
            "the run (its directory name, as `cbrnn store check` lists it)");

    private static String runName(String s) {
        if (s.isBlank() || s.contains("/") || s.contains("\\") || s.startsWith(".")) throw new IllegalArgumentException("not a directory name");
        return s;
    }

    /** The group, as registered in {@link Main#COMMANDS}. */
    static Command group() {
        return new Command.Group("store", "check, repair or discard the runs of a run store; upgrade its directory names", """
                check    lists every run with its state (done, partial, failed, empty, damaged) and, for a damaged run, the
                         file and the reason; exit 1 if any run is damaged
                history  every stretch of computation: which epochs of which run each session computed, on which
                         kernels (vector width), engine, commit and host, with the totals per kernel kind
                repair   fixes what can be fixed without guessing (stale temporaries and locks, a table that lags or was cut
                         short, a damaged checkpoint: falls back to the latest valid saved state)
                discard  moves a run to <store>/.discarded/ (move it back to undo)
                upgrade  renames run directories from the first store format's names to the label-free ids, and adds
                         the checksums that format lacked (spec.properties, DONE) so later damage is detected""",
                List.of(new Check(), new History(), new Repair(), new Discard(), new Upgrade()));
    }

    static final class Check extends Command {
        Check() {
            super("store check", "list every run of a store with its state; damaged runs with the file and the reason", "");
        }

        @Override
        List<Opt<?>> options() {
            return List.of(STORE);
        }

        @Override
        int run(OptValues o, Context ctx) {
            PrintStream out = ctx.out();
            List<RunCheck> checks = RunStore.at(o.get(STORE)).check();
            long damaged = checks.stream().filter(c -> c.health() == RunCheck.Health.DAMAGED).count();
            for (RunCheck c : checks) out.println(c);
            out.printf("%d runs: %d done, %d partial, %d failed, %d empty, %d damaged%n", checks.size(), count(checks, RunCheck.Health.DONE),
                    count(checks, RunCheck.Health.PARTIAL), count(checks, RunCheck.Health.FAILED), count(checks, RunCheck.Health.EMPTY), damaged);
            if (damaged > 0) out.println("repair with: cbrnn store repair --store " + o.get(STORE) + " --run <name>   (or discard)");
            return damaged > 0 ? 1 : 0;
        }

        private static long count(List<RunCheck> cs, RunCheck.Health h) {
            return cs.stream().filter(c -> c.health() == h).count();
        }
    }

    static final class History extends Command {
        History() {
            super("store history", "the stretches of computation of every run: epochs, kernels, engine, commit, host", "");
        }

        @Override
        List<Opt<?>> options() {
            return List.of(STORE);
        }

        @Override
        int run(OptValues o, Context ctx) {
            List<org.cbrnn.experiment.StoreMaintenance.Stretch> all = RunStore.at(o.get(STORE)).history();
            PrintStream out = ctx.out();
            out.println("| run | session started | epochs | computed | kernels | engine | commit | host |");
            out.println("|---|---|---|---:|---|---|---|---|");
            for (org.cbrnn.experiment.StoreMaintenance.Stretch s : all) {
                String range = s.epochs() > 0 ? (s.from() + 1) + "-" + s.to() : "none kept";
                out.printf("| %s | %s | %s | %d | %s | %s | %s | %s |%n", s.run(), s.started(), range, s.epochs(), s.kernels(), s.engine(),
                        s.commit(), s.host());
            }
            java.util.Map<String, Integer> byKernels = new java.util.TreeMap<>();
            for (org.cbrnn.experiment.StoreMaintenance.Stretch s : all) byKernels.merge(s.kernels(), s.epochs(), Integer::sum);
            byKernels.forEach((k, n) -> out.printf("%,d epochs computed on %s%n", n, k));
            return 0;
        }
    }

    static final class Repair extends Command {
        Repair() {
            super("store repair", "repair one run: stale files and locks, a cut table, a damaged checkpoint", "");
        }

        @Override
        List<Opt<?>> options() {
            return List.of(STORE, RUN.withoutDefault("required"));
        }

        @Override
        int run(OptValues o, Context ctx) {
            String run = required(o, RUN);
            RunStore store = RunStore.at(o.get(STORE));
            List<String> did = store.repair(run);
            if (did.isEmpty()) ctx.out().println(run + ": nothing to repair");
            did.forEach(d -> ctx.out().println(run + ": " + d));
            ctx.out().println(store.check(run));
            return 0;
        }
    }

    static final class Discard extends Command {
        Discard() {
            super("store discard", "move one run out of the store (to <store>/.discarded/, recoverable)", "");
        }

        @Override
        List<Opt<?>> options() {
            return List.of(STORE, RUN.withoutDefault("required"));
        }

        @Override
        int run(OptValues o, Context ctx) {
            Path to = RunStore.at(o.get(STORE)).discard(required(o, RUN));
            ctx.out().println("moved to " + to);
            return 0;
        }
    }

    static final class Upgrade extends Command {
        static final Opt<Boolean> DRY_RUN = Opt.flag("dry-run", "list the renames without doing them");

        Upgrade() {
            super("store upgrade", "rename run directories from legacy names to the label-free ids (idempotent)", "");
        }

        @Override
        List<Opt<?>> options() {
            return List.of(STORE, DRY_RUN);
        }

        @Override
        int run(OptValues o, Context ctx) {
            Path dir = o.get(STORE);
            boolean dry = o.get(DRY_RUN);
            List<StoreUpgrade.Step> steps = (dry ? StoreUpgrade.plan(dir) : StoreUpgrade.apply(dir)).stream()
                    .filter(s -> s.action() != StoreUpgrade.Action.CURRENT).toList();
            for (StoreUpgrade.Step s : steps) {
                ctx.out().println(s.action() == StoreUpgrade.Action.RENAME ? s.from().getFileName() + " -> " + s.to().getFileName()
                        : s.from().getFileName() + ": left alone (named neither by its id nor by its legacy id)");
            }
            long renames = steps.stream().filter(s -> s.action() == StoreUpgrade.Action.RENAME).count();
            ctx.out().printf("%d director%s %s%n", renames, renames == 1 ? "y" : "ies", dry ? "to rename" : "renamed");
            if (!dry) RunStore.at(dir).sealLegacyFormat().forEach(ctx.out()::println);
            return 0;
        }
    }

    private static String required(OptValues o, Opt<String> opt) {
        if (!o.has(opt)) throw new IllegalArgumentException("--" + opt.name() + " is required: " + opt.range());
        return o.get(opt);
    }
}
