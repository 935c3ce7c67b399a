package org.cbrnn.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The "§k" references into {@code docs/protocol.md} from the READMEs, notebooks, sources and scripts name sections
 * that exist, and nothing cites a specification outside the repository.
 */
class ProtocolReferencesTest {
    private static final Pattern HEADING = Pattern.compile("^#{2,3} (\\d+(?:\\.\\d+)?)\\.? .*");
    private static final Pattern SECTION = Pattern.compile("§(\\d+(?:\\.\\d+)?)(?:-(\\d+(?:\\.\\d+)?))?");
    private static final Set<String> SCANNED = Set.of(".md", ".ipynb", ".java", ".py", ".sh", ".properties");
    /** Citations of the external specification the protocol document replaced (split so this file does not match). */
    private static final List<String> EXTERNAL = List.of("paper-" + "spec", "spec " + "\u00a7");

    static Set<String> sections(Path protocol) throws IOException {
        Set<String> s = new LinkedHashSet<>();
        for (String l : Files.readAllLines(protocol, StandardCharsets.UTF_8)) {
            Matcher m = HEADING.matcher(l);
            if (m.matches()) s.add(m.group(1));
        }
        return s;
    }

    static List<Path> scannedFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        Path rel = root.relativize(p);
                        for (Path part : rel) {
                            String n = part.toString();
                            if (n.equals("target") || n.startsWith(".") || n.contains("__")) return false; // builds, VCS, run dirs
                        }
                        String name = p.getFileName().toString();
                        return SCANNED.stream().anyMatch(name::endsWith) && !rel.equals(Path.of("docs", "protocol.md"));
                    })
                    .sorted().toList();
        }
    }

    @Test
    void protocolHasNumberedSections() throws IOException {
        Set<String> s = sections(JavaSnippets.repositoryFile("docs/protocol.md"));
        for (int k = 1; k <= 11; k++) assertTrue(s.contains(Integer.toString(k)), "docs/protocol.md lacks section " + k + ": " + s);
        assertTrue(s.contains("2.10") && s.contains("7.2"), s::toString);
    }

    @Test
    void everyReferenceResolves() throws IOException {
        Path root = JavaSnippets.repositoryFile("");
        Set<String> sections = sections(root.resolve("docs/protocol.md"));
        List<String> broken = new ArrayList<>();
        int references = 0;
        for (Path f : scannedFiles(root)) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                String where = root.relativize(f) + ":" + (i + 1);
                if (EXTERNAL.stream().anyMatch(l::contains)) broken.add(where + " cites a specification outside the repository: " + l.trim());
                int at = l.indexOf("protocol.md");
                if (at < 0) continue;
                Matcher m = SECTION.matcher(l.substring(at));
                while (m.find()) {
                    references++;
                    for (String sec : new String[] {m.group(1), m.group(2)}) {
                        if (sec != null && !sections.contains(sec)) broken.add(where + ": §" + sec + " is not a section of docs/protocol.md");
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(references >= 30, "expected the README, notebooks and sources to cite docs/protocol.md, found " + references + " references");
    }
}
