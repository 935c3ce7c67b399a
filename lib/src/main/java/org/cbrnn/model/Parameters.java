package org.cbrnn.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cbrnn.util.Check;
import org.cbrnn.util.Rng;

/**
 * The weights of one model: one float array per {@link ParamSpec}, in the order of
 * {@link ModelConfig#parameterSpecs()}. Engines read them; only the optimiser writes them.
 */
public final class Parameters {
    private final List<ParamSpec> specs;
    private final float[][] values;

    public Parameters(List<ParamSpec> specs, float[][] values) {
        Check.notNull("specs", specs);
        Check.notNull("values", values);
        if (specs.size() != values.length) throw new IllegalArgumentException("specs and values differ in length");
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != specs.get(i).size()) {
                throw new IllegalArgumentException(specs.get(i).name() + " has " + values[i].length + " values, expected " + specs.get(i).size());
            }
        }
        this.specs = List.copyOf(specs);
        this.values = values;
    }

    /** Fresh weights drawn from each spec's initialiser, in spec order, from {@code rng}. */
    public static Parameters initialise(ModelConfig config, Rng rng) {
        Check.notNull("config", config);
        Check.notNull("rng", rng);
        return initialise(config.parameterSpecs(), rng);
    }

    /** Fresh weights for an explicit layout (custom cells), in spec order, from {@code rng}. */
    public static Parameters initialise(List<ParamSpec> specs, Rng rng) {
        Check.notNull("specs", specs);
        Check.notNull("rng", rng);
        float[][] v = new float[specs.size()][];
        for (int i = 0; i < specs.size(); i++) {
            ParamSpec s = specs.get(i);
            v[i] = new float[s.size()];
            for (int j = 0; j < v[i].length; j++) {
                v[i][j] = switch (s.init().kind()) {
                    case UNIFORM -> (float) ((2 * rng.nextDouble() - 1) * s.init().scale());
                    case NORMAL -> (float) (rng.nextGaussian() * s.init().scale());
                    case ZERO -> 0f;
                };
            }
        }
        return new Parameters(specs, v);
    }

    /** All zeros with the same shapes (gradient buffers, momentum buffers). */
    public static Parameters zerosLike(Parameters like) {
        Check.notNull("like", like);
        float[][] v = new float[like.values.length][];
        for (int i = 0; i < v.length; i++) v[i] = new float[like.values[i].length];
        return new Parameters(like.specs, v);
    }

    public List<ParamSpec> specs() {
        return specs;
    }

    public int size() {
        return specs.size();
    }

    public ParamSpec spec(int i) {
        return specs.get(i);
    }

    /** The live array of tensor {@code i} (not a copy). */
    public float[] get(int i) {
        return values[i];
    }

    /** The live array of the tensor called {@code name}. */
    public float[] get(String name) {
        Check.notNull("name", name);
        return values[indexOf(name)];
    }

    public int indexOf(String name) {
        Check.notNull("name", name);
        for (int i = 0; i < specs.size(); i++) if (specs.get(i).name().equals(name)) return i;
        List<String> names = new ArrayList<>();
        for (ParamSpec s : specs) names.add(s.name());
        throw new IllegalArgumentException("parameter name must be one of " + names + ", got '" + name + "'");
    }

    /** The live arrays in spec order. */
    public float[][] arrays() {
        return values;
    }

    /** True if tensor {@code i} belongs to one of {@code modules}. */
    public boolean inModules(int i, Set<Module> modules) {
        Check.notNull("modules", modules);
        return modules.contains(specs.get(i).module());
    }

    public int count() {
        int n = 0;
        for (float[] v : values) n += v.length;
        return n;
    }

    /** A deep copy. */
    public Parameters copy() {
        float[][] v = new float[values.length][];
        for (int i = 0; i < v.length; i++) v[i] = values[i].clone();
        return new Parameters(specs, v);
    }

    /** Overwrites these values with {@code other}'s (same specs). */
    public void copyFrom(Parameters other) {
        Check.notNull("other", other);
        if (!other.specs.equals(specs)) throw new IllegalArgumentException("parameter layouts differ");
        for (int i = 0; i < values.length; i++) System.arraycopy(other.values[i], 0, values[i], 0, values[i].length);
    }

    /** Values widened to double, in spec order (for double-precision engines and checks). */
    public double[][] toDouble() {
        double[][] d = new double[values.length][];
        for (int i = 0; i < d.length; i++) {
            d[i] = new double[values[i].length];
            for (int j = 0; j < d[i].length; j++) d[i][j] = values[i][j];
        }
        return d;
    }
}
