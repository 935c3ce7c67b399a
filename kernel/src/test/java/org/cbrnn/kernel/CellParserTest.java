package org.cbrnn.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class CellParserTest {
    @Test
    void codeOnlyIsOneSegmentCoveringTheCell() {
        String cell = "int x = 1;\nx + 1";
        List<CellParser.Segment> segs = CellParser.parse(cell);
        assertEquals(List.of(new CellParser.Code(0, cell.length())), segs);
    }

    @Test
    void lineMagicsSplitTheCellInOrder() {
        String cell = "%jars a.jar \"dir with space/*.jar\"\nint x = 1;\n  %classpath lib/classes\nx";
        List<CellParser.Segment> segs = CellParser.parse(cell);
        assertEquals(4, segs.size());
        assertEquals(new CellParser.LineMagic("jars", List.of("a.jar", "dir with space/*.jar"), 1), segs.get(0));
        CellParser.Code code = assertInstanceOf(CellParser.Code.class, segs.get(1));
        assertEquals("int x = 1;\n", cell.substring(code.start(), code.end()));
        assertEquals(new CellParser.LineMagic("classpath", List.of("lib/classes"), 3), segs.get(2));
        CellParser.Code tail = assertInstanceOf(CellParser.Code.class, segs.get(3));
        assertEquals("x", cell.substring(tail.start(), tail.end()));
    }

    @Test
    void mavenMagicWithSeveralCoordinates() {
        List<CellParser.Segment> segs = CellParser.parse("%maven org.a:b:1.0 org.c:d:jar:linux:2.0");
        assertEquals(List.of(new CellParser.LineMagic("maven", List.of("org.a:b:1.0", "org.c:d:jar:linux:2.0"), 1)),
                segs);
    }

    @Test
    void moduloOperatorInsideALineIsNotAMagic() {
        String cell = "int r = 7 % 3;\nr";
        assertEquals(List.of(new CellParser.Code(0, cell.length())), CellParser.parse(cell));
    }

    @Test
    void cellMagicTakesTheBody() {
        List<CellParser.Segment> segs = CellParser.parse("%%bash -x\necho hi\n");
        assertEquals(List.of(new CellParser.CellMagic("bash", List.of("-x"), "echo hi\n")), segs);
    }

    @Test
    void argumentSplittingHandlesQuotesAndEscapes() {
        assertEquals(List.of("a", "b c", "d e", "f\"g", "h i"),
                CellParser.splitArgs("a 'b c' \"d e\" \"f\\\"g\" h\\ i"));
        assertEquals(List.of("--add-modules=jdk.incubator.vector", "-Xlint:none"),
                CellParser.splitArgs("  --add-modules=jdk.incubator.vector   -Xlint:none "));
        assertEquals(List.of(""), CellParser.splitArgs("''"));
        assertEquals(List.of(), CellParser.splitArgs("   "));
    }

    @Test
    void blankMagicLinesKeepsOffsets() {
        String cell = "%jars x.jar\nint y = 2;\n%maven a:b:1";
        String blanked = JavaKernel.blankMagicLines(cell);
        assertEquals(cell.length(), blanked.length());
        assertEquals(cell.indexOf("int y"), blanked.indexOf("int y"));
        assertEquals(-1, blanked.indexOf('%'));
    }
}
