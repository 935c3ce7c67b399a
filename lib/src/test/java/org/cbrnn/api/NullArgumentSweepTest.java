package org.cbrnn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.cbrnn.engine.fast.FastEngine;
import org.cbrnn.experiment.LocalExecutor;
import org.cbrnn.experiment.RunResult;
import org.cbrnn.experiment.RunSpec;
import org.cbrnn.experiment.Sweep;
import org.cbrnn.experiment.SweepExecutor;
import org.cbrnn.model.Model;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.task.Batch;
import org.cbrnn.task.Parity;
import org.cbrnn.task.Task;
import org.cbrnn.results.Results;
import org.cbrnn.testing.Fixtures;
import org.cbrnn.train.TrainingResult;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls every public constructor and method of every public class of lib (outside {@code cli}) with {@code null} in
 * each reference parameter in turn, the other arguments built from simple defaults, and requires the call to fail at
 * once with an error that names the parameter: {@link Check#notNull}'s {@code IllegalArgumentException("<name> must
 * not be null")}, or a {@code NullPointerException} whose message starts with the name (e.g.
 * {@code Objects.requireNonNull(x, "x")}). A bare NullPointerException from deep inside, or a null accepted without a
 * word, fails the test, so new public API has to check its arguments too.
 *
 * <p>Parameter names come from the class files (the build compiles with {@code -parameters}). Executables whose
 * arguments or receiver cannot be built from defaults are counted and skipped; the test also requires that most of
 * the API is reached, so the sweep cannot silently turn into a no-op.
 */
class NullArgumentSweepTest {

    /** Packages of lib's public API that the sweep covers ({@code cli} is the command line, checked by its own tests). */
    private static final List<String> PACKAGES = List.of("task", "model", "engine", "engine.fast", "train", "experiment", "options",
            "results", "plot", "analysis", "util");

    /**
     * Whole classes (with their nested classes) left out, with the reason. The engine kernels run in the innermost
     * loops of BPTT on buffers the engine allocated itself; a check per call would cost time for no user-facing benefit.
     */
    private static final Map<String, String> SKIPPED_CLASSES = Map.ofEntries(
            Map.entry("org.cbrnn.engine.fast.Ops", "kernel interface called in the innermost loops on engine-owned buffers"),
            Map.entry("org.cbrnn.engine.fast.FloatOps", "kernel implementation (see Ops)"),
            Map.entry("org.cbrnn.engine.fast.DoubleOps", "kernel implementation (see Ops)"),
            Map.entry("org.cbrnn.util.Check", "the checks themselves: a null value is their input"));

    /**
     * Executables where {@code null} is documented as allowed (or is the JDK's own contract), as
     * {@code Class#member(parameter)} or {@code Class#member} for all parameters of every overload.
     */
    private static final Map<String, String> NULL_ALLOWED = new HashMap<>();

    static {
        NULL_ALLOWED.put("*#equals", "Object.equals: null is a legal argument and gives false");
        NULL_ALLOWED.put("*#valueOf", "Enum.valueOf (generated): the JDK throws NullPointerException(\"Name is null\")");
        NULL_ALLOWED.put("org.cbrnn.engine.fast.Network#run", "the engine's inner call: gradients and h0 are optional by contract, buffers are engine-owned");
        NULL_ALLOWED.put("org.cbrnn.engine.fast.Network#prepare", "the engine's inner call on its own parameter arrays");
        NULL_ALLOWED.put("org.cbrnn.plot.BarChart$Builder#yRange", "null bound = automatic (documented)");
        NULL_ALLOWED.put("org.cbrnn.plot.LineChart$Builder#yRange", "null bound = automatic (documented)");
        NULL_ALLOWED.put("org.cbrnn.plot.Heatmap$Builder#range", "null bound = from the data (documented)");
        for (String chart : List.of("xyChart", "categoryChart", "heatMapChart")) {
            for (String title : List.of("title", "xTitle", "yTitle")) {
                NULL_ALLOWED.put("org.cbrnn.plot.Style#" + chart + "(" + title + ")", "null title = none (the chart builders pass theirs on)");
            }
        }
        NULL_ALLOWED.put("org.cbrnn.plot.PlasticityTimeline#chart(title)", "null title = none (passed on to Style.xyChart)");
        NULL_ALLOWED.put("org.cbrnn.engine.EngineChecks#tensors(arrays)", "like Check: the error names the caller's argument, given as name");
        NULL_ALLOWED.put("org.cbrnn.plot.BarChart$Builder#add(color)", "null colour = the palette's (documented)");
        NULL_ALLOWED.put("org.cbrnn.plot.LineChart$Builder#line(color)", "null colour = the palette's (documented)");
        NULL_ALLOWED.put("org.cbrnn.plot.LineChart$Builder#band(color)", "null colour = the palette's (documented)");
        NULL_ALLOWED.put("org.cbrnn.plot.CurriculumChart$Builder#add(color)", "null colour = the palette's (documented)");
        NULL_ALLOWED.put("org.cbrnn.plot.CurriculumChart$Builder#add(band)", "null band = computed from the seeds (documented)");
        NULL_ALLOWED.put("org.cbrnn.plot.BarChart$Builder#title", "null title = none (the setter maps it to \"\")");
        NULL_ALLOWED.put("org.cbrnn.plot.CurriculumChart$Builder#title", "null title = none (the setter maps it to \"\")");
        NULL_ALLOWED.put("org.cbrnn.plot.Heatmap$Builder#title", "null title = none (the setter maps it to \"\")");
        NULL_ALLOWED.put("org.cbrnn.plot.LineChart$Builder#title", "null title = none (the setter maps it to \"\")");
        NULL_ALLOWED.put("org.cbrnn.plot.LiveProgress$Builder#title", "null title = none (the setter maps it to \"\")");
        NULL_ALLOWED.put("org.cbrnn.plot.CurriculumChart$Builder#axisTitles", "null axis title = none");
        NULL_ALLOWED.put("org.cbrnn.plot.Heatmap$Builder#axisTitles", "null axis title = none");
        NULL_ALLOWED.put("org.cbrnn.plot.LineChart$Builder#axisTitles", "null axis title = none");
        NULL_ALLOWED.put("org.cbrnn.plot.BarChart$Builder#xTitle", "null title = none (the setter maps it to \"\")");
        NULL_ALLOWED.put("org.cbrnn.plot.BarChart$Builder#yTitle", "null title = none (the setter maps it to \"\")");
        NULL_ALLOWED.put("org.cbrnn.plot.MechanismCharts#perLevel(yMin)", "null bound = automatic (documented)");
        NULL_ALLOWED.put("org.cbrnn.plot.MechanismCharts#perLevel(yMax)", "null bound = automatic (documented)");
        NULL_ALLOWED.put("org.cbrnn.analysis.Jacobian$Point#<init>(gcMask)", "null without a cerebellum (documented)");
        NULL_ALLOWED.put("org.cbrnn.analysis.Jacobian$Point#<init>(pcMask)", "null without a cerebellum (documented)");
        NULL_ALLOWED.put("org.cbrnn.experiment.RunResult#<init>(error)", "null error = the run did not fail (documented)");
        NULL_ALLOWED.put("org.cbrnn.experiment.RunCheck#<init>(file)", "null when no file is at fault (documented)");
        NULL_ALLOWED.put("org.cbrnn.experiment.RunCheck#<init>(result)", "null when nothing could be read (documented)");
        NULL_ALLOWED.put("org.cbrnn.experiment.RunCheck#<init>(lock)", "null when the run has no lock (documented)");
        for (String exception : List.of("org.cbrnn.experiment.RunStore$CorruptRunException", "org.cbrnn.experiment.RunStore$RunFailedException",
                "org.cbrnn.experiment.RunLock$RunLockedException")) {
            NULL_ALLOWED.put(exception + "#<init>(message)", "Throwable's contract: a null message is allowed");
        }
        NULL_ALLOWED.put("org.cbrnn.experiment.RunStore$CorruptRunException#<init>(cause)", "Throwable's contract: null cause = none or unknown");
        NULL_ALLOWED.put("org.cbrnn.experiment.RunStore$RunFailedException#<init>(cause)", "Throwable's contract: null cause = none or unknown");
        NULL_ALLOWED.put("org.cbrnn.experiment.RunLock$RunLockedException#<init>(holder)", "null holder = unknown (documented; the lock kept changing hands)");
        NULL_ALLOWED.put("org.cbrnn.experiment.RunLock$Holder#<init>(started)", "unknown process start time is recorded as null (documented)");
        NULL_ALLOWED.put("org.cbrnn.options.Opt$Bad#<init>", "null got = quote the raw value, null detail = none (documented); the parsers throw new Bad(null, ...)");
    }

    @TempDir
    static Path tmp;
    private static FastEngine engine;
    private static final Map<Class<?>, Supplier<Object>> DEFAULTS = new HashMap<>();

    @BeforeAll
    static void defaults() {
        engine = FastEngine.create(1);
        ModelConfig cfg = Fixtures.tinyCbRnn();
        Task task = new Parity();
        DEFAULTS.put(String.class, () -> "x");
        DEFAULTS.put(Object.class, () -> "x");
        DEFAULTS.put(CharSequence.class, () -> "x");
        DEFAULTS.put(Path.class, () -> tmp.resolve("sweep-" + System.nanoTime()));
        DEFAULTS.put(List.class, List::of);
        DEFAULTS.put(Collection.class, List::of);
        DEFAULTS.put(Set.class, Set::of);
        DEFAULTS.put(Map.class, Map::of);
        DEFAULTS.put(Double.class, () -> 1.0);
        DEFAULTS.put(Integer.class, () -> 1);
        DEFAULTS.put(Long.class, () -> 1L);
        DEFAULTS.put(Boolean.class, () -> false);
        DEFAULTS.put(ModelConfig.class, () -> cfg);
        DEFAULTS.put(Model.class, () -> Model.create(cfg, 1));
        DEFAULTS.put(Task.class, () -> task);
        DEFAULTS.put(Rng.class, () -> Rng.of(1, "sweep"));
        DEFAULTS.put(Batch.class, () -> task.sample(2, 3, Rng.of(1, "batch")));
        DEFAULTS.put(org.cbrnn.engine.Engine.class, () -> engine);
        DEFAULTS.put(java.time.Duration.class, () -> java.time.Duration.ofSeconds(1));
        DEFAULTS.put(java.awt.Color.class, () -> java.awt.Color.BLACK);
        DEFAULTS.put(java.io.PrintStream.class, () -> new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        DEFAULTS.put(java.io.DataOutputStream.class, () -> new java.io.DataOutputStream(java.io.OutputStream.nullOutputStream()));
        DEFAULTS.put(java.io.DataInputStream.class, () -> new java.io.DataInputStream(new java.io.ByteArrayInputStream(new byte[0])));
        DEFAULTS.put(java.awt.BasicStroke.class, java.awt.BasicStroke::new);
        DEFAULTS.put(Throwable.class, () -> new RuntimeException("sweep"));
        DEFAULTS.put(java.time.Instant.class, () -> java.time.Instant.EPOCH);
        DEFAULTS.put(Class.class, () -> org.cbrnn.model.Module.class);
        DEFAULTS.put(org.cbrnn.plot.Size.class, () -> org.cbrnn.plot.Size.THUMBNAIL);
        DEFAULTS.put(org.cbrnn.engine.fast.Ops.class, org.cbrnn.engine.fast.Kernels::scalarFloat);
        DEFAULTS.put(org.knowm.xchart.internal.chartpart.Chart.class, () -> new org.knowm.xchart.XYChart(200, 100));
        DEFAULTS.put(org.knowm.xchart.XYChart.class, () -> new org.knowm.xchart.XYChart(200, 100));
        DEFAULTS.put(org.knowm.xchart.CategoryChart.class, () -> new org.knowm.xchart.CategoryChart(200, 100));
        DEFAULTS.put(org.knowm.xchart.HeatMapChart.class, () -> new org.knowm.xchart.HeatMapChart(200, 100));
        DEFAULTS.put(ModelConfig.Builder.class, cfg::toBuilder);
        RunSpec spec = RunSpec.of(Fixtures.smallCondition(), "parity", Fixtures.tinyTraining(), 1);
        RunResult result = new RunResult(spec, List.of(), TrainingResult.StopReason.EPOCH_BUDGET, false);
        DEFAULTS.put(RunSpec.class, () -> spec);
        DEFAULTS.put(RunSpec.Builder.class, spec::toBuilder);
        DEFAULTS.put(RunResult.class, () -> result);
        DEFAULTS.put(Sweep.class, () -> Sweep.of(List.of(spec)));
        DEFAULTS.put(SweepExecutor.class, () -> LocalExecutor.of(1));
        DEFAULTS.put(Results.Group.class, () -> Results.of(List.of(result)).group(spec.condition()));
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Test
    void everyPublicEntryPointNamesItsNullParameter() throws Exception {
        List<String> failures = new ArrayList<>();
        int checked = 0, skipped = 0;
        List<String> unreachable = new ArrayList<>();
        for (Class<?> c : publicClasses()) {
            for (Executable e : entryPoints(c)) {
                Parameter[] ps = e.getParameters();
                for (int i = 0; i < ps.length; i++) {
                    if (ps[i].getType().isPrimitive() || nullAllowed(c, e, ps[i].getName())) continue;
                    Object receiver = null;
                    Object[] args = new Object[ps.length];
                    boolean ok = true;
                    if (e instanceof Method m && !Modifier.isStatic(m.getModifiers())) {
                        // an interface's methods are checked on the implementations, which the sweep covers as classes
                        if (c.isInterface() && !DEFAULTS.containsKey(c)) continue;
                        receiver = build(c, 0);
                        ok = receiver != null;
                    }
                    for (int j = 0; j < ps.length && ok; j++) {
                        if (j == i) continue;
                        args[j] = build(ps[j].getType(), 0);
                        ok = args[j] != null;
                    }
                    if (!ok) {
                        skipped++;
                        unreachable.add(signature(c, e));
                        continue;
                    }
                    checked++;
                    String problem = call(e, receiver, args, ps[i].getName());
                    if (problem != null) failures.add(signature(c, e) + " with " + ps[i].getName() + " = null: " + problem);
                }
            }
        }
        System.out.println("null-argument sweep: " + checked + " null arguments checked, " + skipped + " unreachable from defaults");
        assertTrue(failures.isEmpty(), failures.size() + " of " + checked + " null arguments not refused by name:\n  "
                + String.join("\n  ", failures));
        // the defaults must reach most of the API, or the sweep would pass by testing nothing
        assertTrue(checked > 300, "only " + checked + " null arguments reached; skipped " + skipped + ": " + unreachable);
        assertTrue(skipped * 10 < checked, "too many entry points unreachable from defaults (" + skipped + "): " + unreachable);
    }

    @Test
    void checkNotNullNamesTheParameter() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Check.notNull("widget", null));
        assertEquals("widget must not be null", e.getMessage());
    }

    /** Null for {@code name}: null if refused by name, otherwise what happened instead. */
    private static String call(Executable e, Object receiver, Object[] args, String name) {
        try {
            e.setAccessible(true);
            if (e instanceof Constructor<?> k) k.newInstance(args);
            else ((Method) e).invoke(receiver, args);
            return "accepted";
        } catch (InvocationTargetException ite) {
            Throwable t = ite.getCause();
            String msg = String.valueOf(t.getMessage());
            if (t instanceof IllegalArgumentException && msg.contains(name + " must not be null")) return null;
            if (t instanceof NullPointerException && (msg.equals(name) || msg.startsWith(name + " "))) return null;
            StackTraceElement at = t.getStackTrace().length > 0 ? t.getStackTrace()[0] : null;
            return t.getClass().getSimpleName() + "(" + msg + ") at " + at;
        } catch (ReflectiveOperationException ex) {
            return "not callable: " + ex;
        }
    }

    private static boolean nullAllowed(Class<?> c, Executable e, String param) {
        String member = e instanceof Constructor ? "<init>" : e.getName();
        return NULL_ALLOWED.containsKey("*#" + member) || NULL_ALLOWED.containsKey(c.getName() + "#" + member)
                || NULL_ALLOWED.containsKey(c.getName() + "#" + member + "(" + param + ")");
    }

    private static String signature(Class<?> c, Executable e) {
        StringBuilder s = new StringBuilder(c.getName().replace("org.cbrnn.", "")).append('#')
                .append(e instanceof Constructor ? "<init>" : e.getName()).append('(');
        for (Parameter p : e.getParameters()) s.append(s.charAt(s.length() - 1) == '(' ? "" : ", ").append(p.getType().getSimpleName()).append(' ').append(p.getName());
        return s.append(')').toString();
    }

    /** Public constructors and public methods declared by {@code c} that take at least one reference. */
    private static List<Executable> entryPoints(Class<?> c) {
        List<Executable> l = new ArrayList<>();
        if (!Modifier.isAbstract(c.getModifiers())) l.addAll(List.of(c.getConstructors()));
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) l.add(m);
        }
        l.removeIf(e -> Stream.of(e.getParameterTypes()).allMatch(Class::isPrimitive));
        l.sort(Comparator.comparing(Executable::toGenericString));
        return l;
    }

    /** lib's public classes (public all the way out) in {@link #PACKAGES}, from the compiled classes directory. */
    private static List<Class<?>> publicClasses() throws URISyntaxException, java.io.IOException, ClassNotFoundException {
        Path root = Path.of(Check.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        List<String> names;
        try (Stream<Path> s = Files.walk(root)) {
            names = s.filter(p -> p.toString().endsWith(".class")).map(p -> root.relativize(p).toString())
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.').replace('\\', '.')).sorted().toList();
        }
        for (String n : names) {
            String pkg = n.substring(0, n.lastIndexOf('.'));
            String outer = n.contains("$") ? n.substring(0, n.indexOf('$')) : n;
            if (!PACKAGES.contains(pkg.replaceFirst("^org\\.cbrnn\\.", "")) || SKIPPED_CLASSES.containsKey(outer)) continue;
            Class<?> c = Class.forName(n, false, NullArgumentSweepTest.class.getClassLoader());
            boolean visible = true;
            for (Class<?> o = c; o != null; o = o.getEnclosingClass()) visible &= Modifier.isPublic(o.getModifiers());
            if (visible && !c.isAnonymousClass() && !c.isSynthetic()) out.add(c);
        }
        return out;
    }

    private static final Set<Class<?>> BUILDING = new HashSet<>();

    /**
     * A non-null value of {@code type} from the defaults, an enum constant, an empty array, a do-nothing proxy for
     * an interface, or the first public static factory / constructor of the type whose own arguments can be built;
     * null if none can.
     */
    private static Object build(Class<?> type, int depth) {
        if (type.isPrimitive()) return primitive(type);
        Supplier<Object> d = DEFAULTS.get(type);
        if (d != null) return d.get();
        if (type.isEnum()) return type.getEnumConstants()[0];
        if (type.isArray()) return Array.newInstance(type.getComponentType(), 0);
        if (depth > 4 || !BUILDING.add(type)) return null;
        try {
            if (type.isInterface() && type.getName().startsWith("java.")) {
                return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> primitiveOrNull(m.getReturnType()));
            }
            List<Executable> makers = new ArrayList<>();
            for (Class<?> owner = type; owner != null; owner = owner.getEnclosingClass()) {
                for (Method m : owner.getMethods()) {
                    if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == type && m.getDeclaringClass() == owner) makers.add(m);
                }
            }
            if (!Modifier.isAbstract(type.getModifiers())) makers.addAll(List.of(type.getConstructors()));
            makers.sort(Comparator.comparingInt(Executable::getParameterCount).thenComparing(Executable::toGenericString));
            for (Executable e : makers) {
                Object[] args = new Object[e.getParameterCount()];
                boolean ok = true;
                for (int j = 0; j < args.length && ok; j++) ok = (args[j] = build(e.getParameterTypes()[j], depth + 1)) != null;
                if (!ok) continue;
                try {
                    return e instanceof Constructor<?> k ? k.newInstance(args) : ((Method) e).invoke(null, args);
                } catch (ReflectiveOperationException | RuntimeException ignored) {
                    // this factory refuses the defaults; try the next
                }
            }
            return null;
        } finally {
            BUILDING.remove(type);
        }
    }

    private static Object primitiveOrNull(Class<?> t) {
        return t.isPrimitive() && t != void.class ? primitive(t) : null;
    }

    /** 1 for numbers (inside most declared ranges), false for booleans. */
    private static Object primitive(Class<?> t) {
        if (t == boolean.class) return false;
        if (t == int.class) return 1;
        if (t == long.class) return 1L;
        if (t == double.class) return 1.0;
        if (t == float.class) return 1f;
        if (t == short.class) return (short) 1;
        if (t == byte.class) return (byte) 1;
        if (t == char.class) return 'x';
        throw new IllegalStateException(t.toString());
    }
}
