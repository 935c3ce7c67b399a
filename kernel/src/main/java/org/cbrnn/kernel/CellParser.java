package org.cbrnn.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cell into Java code and IJava-style line magics ({@code %name args} alone on a line). A first line
 * {@code %%name args} makes a cell magic whose body is the rest of the cell.
 */
public final class CellParser {
    private CellParser() {
    }

    /** A piece of a cell: either code {@code [start, end)} of the cell, or a magic. */
    public sealed interface Segment permits Code, LineMagic, CellMagic {
    }

    /** Java code at {@code cell[start, end)}. */
    public record Code(int start, int end) implements Segment {
    }

    /** {@code %name args...} on line {@code line} (1-based). */
    public record LineMagic(String name, List<String> args, int line) implements Segment {
    }

    /** {@code %%name args...} followed by {@code body}. */
    public record CellMagic(String name, List<String> args, String body) implements Segment {
    }

    public static List<Segment> parse(String cell) {
        List<Segment> out = new ArrayList<>();
        int firstContent = 0;
        while (firstContent < cell.length() && Character.isWhitespace(cell.charAt(firstContent))) firstContent++;
        if (cell.startsWith("%%", firstContent)) {
            int eol = cell.indexOf('\n', firstContent);
            String header = cell.substring(firstContent + 2, eol < 0 ? cell.length() : eol).strip();
            List<String> words = splitArgs(header);
            String name = words.isEmpty() ? "" : words.get(0);
            out.add(new CellMagic(name, words.isEmpty() ? List.of() : words.subList(1, words.size()),
                    eol < 0 ? "" : cell.substring(eol + 1)));
            return out;
        }
        int codeStart = 0;
        int lineStart = 0;
        int lineNo = 1;
        while (lineStart <= cell.length()) {
            int eol = cell.indexOf('\n', lineStart);
            int lineEnd = eol < 0 ? cell.length() : eol;
            String line = cell.substring(lineStart, lineEnd).strip();
            if (line.startsWith("%") && !line.startsWith("%%") && line.length() > 1) {
                if (hasCode(cell, codeStart, lineStart)) out.add(new Code(codeStart, lineStart));
                List<String> words = splitArgs(line.substring(1));
                out.add(new LineMagic(words.get(0), words.subList(1, words.size()), lineNo));
                codeStart = eol < 0 ? cell.length() : eol + 1;
            }
            if (eol < 0) break;
            lineStart = eol + 1;
            lineNo++;
        }
        if (hasCode(cell, codeStart, cell.length())) out.add(new Code(codeStart, cell.length()));
        return out;
    }

    private static boolean hasCode(String cell, int from, int to) {
        return from < to && !cell.substring(from, to).isBlank();
    }

    /**
     * Shell-like word splitting: whitespace separates words, single and double quotes group, a backslash escapes the
     * next character (outside single quotes).
     */
    public static List<String> splitArgs(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < s.length()
                        && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
                    cur.append(s.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(cur.toString());
        return words;
    }
}
