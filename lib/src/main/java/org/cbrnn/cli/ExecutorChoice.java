package org.cbrnn.cli;

import java.util.List;
import java.util.regex.Pattern;
import org.cbrnn.experiment.LocalExecutor;
import org.cbrnn.experiment.SweepExecutor;
import org.cbrnn.experiment.SweepExecutorProvider;
import org.cbrnn.options.Opt;
import org.cbrnn.options.OptValues;

/** Where a sweep's runs train: {@code --executor local} (this machine) or {@code spark} (module cbrnn-spark), and {@code --master}. */
record ExecutorChoice(String name, String master) {
    static final List<String> NAMES = List.of("local", "spark");
    private static final Pattern MASTER_URL = Pattern.compile("local(\\[(\\d{1,4}|\\*)(,\\d{1,3})?\\])?|spark://[A-Za-z0-9.\\-]+:\\d{1,5}(,[A-Za-z0-9.\\-]+:\\d{1,5})*");

    static final Opt<String> EXECUTOR = Opt.choice("executor", "NAME", () -> NAMES,
            "where the runs train: local (this machine's cores) or spark (a Spark master; needs the cbrnn-spark module, see the README,"
                    + " 'Running on a cluster')").withDefault("local");
    static final Opt<String> MASTER = Opt.custom("master", "URL", "local[N], local[*], local[N,TRIES] or spark://host:port", ExecutorChoice::masterUrl,
            "the Spark master of --executor spark").withoutDefault("spark-submit's --master, else local[<parallel>]");
    static final ExecutorChoice LOCAL = new ExecutorChoice("local", null);

    static ExecutorChoice of(OptValues o) {
        String name = o.get(EXECUTOR);
        if (o.has(MASTER) && !name.equals("spark")) throw new IllegalArgumentException("--master needs --executor spark (got --executor " + name + ")");
        return new ExecutorChoice(name, o.has(MASTER) ? o.get(MASTER) : null);
    }

    boolean local() {
        return name.equals("local");
    }

    /** The executor; a remote one is looked up by name on the class path and connected now (fails fast). */
    SweepExecutor open(int parallel) {
        if (local()) return LocalExecutor.of(parallel);
        SweepExecutorProvider p = SweepExecutorProvider.find(name).orElseThrow(() -> new IllegalArgumentException("--executor " + name
                + ": the cbrnn-" + name + " module is not on the class path. Build it with `mvn -B -pl " + name + " -am package -DskipTests`"
                + " and start through ./cbrnn (which adds it when --executor " + name + " is given), or submit"
                + " spark/target/cbrnn-spark-app.jar with spark-submit (README, 'Running on a cluster')."));
        return p.open(master, parallel);
    }

    private static String masterUrl(String raw) {
        if (!MASTER_URL.matcher(raw).matches()) throw new Opt.Bad(null, "'" + raw + "'");
        return raw;
    }
}
