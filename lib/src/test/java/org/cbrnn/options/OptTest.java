package org.cbrnn.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptTest {
    static final Opt<Integer> N = Opt.integer("n", "N", 1, 10, "a count").withDefault(3);
    static final Opt<Double> X = Opt.decimal("x", "X", 0.0, 1.0, "a fraction").withDefault(0.5);
    static final Opt<List<String>> L = Opt.choiceList("l", "LIST", () -> List.of("a", "b"), "letters").withDefault(List.of("a"));
    static final Opt<List<Integer>> IL = Opt.intList("il", "LIST", 0, 5, "small numbers").withoutDefault("none");
    static final Opt<Boolean> F = Opt.flag("f", "a flag");

    @Test
    void numbersAreAsciiAndInRangeAndErrorsShowTheRange() {
        assertEquals(7, N.parse("--n", " 7 "));
        assertEquals(-0.0, Opt.decimal("y", "Y", -1, 1, "y").parse("--y", "-0.0"));
        assertEquals(0.25, X.parse("--x", "2.5e-1"));
        assertEquals("--n must be an integer in [1, 10], got 11", msg(() -> N.parse("--n", "11")));
        assertEquals("--n must be an integer in [1, 10], got '\uFF15'", msg(() -> N.parse("--n", "\uFF15")));
        assertEquals("--n must be an integer in [1, 10], got '0x5'", msg(() -> N.parse("--n", "0x5")));
        assertTrue(msg(() -> X.parse("--x", "NaN")).startsWith("--x must be a number in [0.0, 1.0]"));
        assertTrue(msg(() -> X.parse("--x", "Infinity")).startsWith("--x must be a number in [0.0, 1.0]"));
        assertTrue(msg(() -> IL.parse("--il", "1,6")).contains("(item '6')"));
        assertTrue(msg(() -> L.parse("--l", "a,a")).contains("(an item repeats)"));
        assertTrue(msg(() -> L.parse("--l", "a,c")).contains("('c' is not allowed)"));
    }

    @Test
    void parserReadsDeclaredOptionsOnce() {
        OptParser p = OptParser.of("demo", List.of(N, X, L, IL, F));
        OptValues v = p.parse(new String[] {"skip", "--n=4", "--l", "b,a", "--f"}, 1);
        assertEquals(4, v.get(N));
        assertEquals(0.5, v.get(X));
        assertEquals(List.of("b", "a"), v.get(L));
        assertEquals(null, v.get(IL));
        assertEquals(List.of(9), v.getOr(IL, List.of(9)));
        assertTrue(v.get(F) && v.has(F) && !v.has(X));
        assertTrue(msg(() -> p.parse(new String[] {"--n", "1", "--n", "2"}, 0)).contains("--n is given twice"));
        assertTrue(msg(() -> p.parse(new String[] {"--m", "1"}, 0)).contains("unknown option '--m'; options: --n, --x, --l, --il, --f"));
        assertTrue(msg(() -> p.parse(new String[] {"--f=true"}, 0)).contains("--f is a flag and takes no value"));
        assertFalse(p.withFlagValues().parse(new String[] {"--f=false"}, 0).get(F));
        assertTrue(msg(() -> p.parse(new String[] {"--n"}, 0)).contains("--n needs a value: an integer in [1, 10]"));
        assertThrows(IllegalStateException.class, () -> v.get(Opt.integer("other", "O", 0, 1, "not declared")));
        assertThrows(IllegalArgumentException.class, () -> OptParser.of("twice", List.of(N, N)));
    }

    @Test
    void helpIsGeneratedFromTheDeclarations() {
        String help = OptParser.of("demo", List.of(N, L, IL, F)).help();
        assertTrue(help.contains("--n N") && help.contains("a count; an integer in [1, 10] (default 3)"), help);
        assertTrue(help.contains("letters; a comma list of distinct items of a, b (default a)"), help);
        assertTrue(help.contains("(default none)") && help.contains("--f ") && help.contains("--help"), help);
    }

    private static String msg(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }
}
