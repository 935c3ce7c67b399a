package org.cbrnn.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Installs the shaded kernel with install.sh into a temporary prefix and executes a notebook through real Jupyter
 * ({@code jupyter nbconvert --execute}). Runs in the verify phase (failsafe), after the jar is built.
 */
class KernelNotebookIT {
    private static final int CELL_TIMEOUT_S = 20;

    @TempDir
    Path tmp;

    private static String cell(String source) {
        JsonObject c = new JsonObject();
        c.addProperty("cell_type", "code");
        c.add("metadata", new JsonObject());
        c.add("outputs", new JsonArray());
        c.add("execution_count", null);
        c.addProperty("source", source);
        return c.toString();
    }

    private static String notebook(List<String> cells) {
        return "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {\"kernelspec\": {\"name\": \"java\", "
                + "\"display_name\": \"Java (cbrnn)\", \"language\": \"java\"}}, \"cells\": [" + String.join(",", cells) + "]}";
    }

    private static String run(List<String> cmd, Path dir, Path log, String... env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        for (int i = 0; i < env.length; i += 2) pb.environment().put(env[i], env[i + 1]);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }

    @Test
    void executesANotebookThroughJupyter() throws Exception {
        String jupyter = MavenResolver.findExecutable("jupyter");
        if (jupyter == null) {
            if (System.getenv("CI") != null) fail("jupyter is not on PATH (required when CI is set)");
            assumeTrue(false, "jupyter is not on PATH; skipping the notebook integration test");
        }
        Path jar = Paths.get(System.getProperty("cbrnn.kernel.jar", "target/cbrnn-kernel.jar")).toAbsolutePath();
        Path kernelDir = Paths.get(System.getProperty("cbrnn.kernel.dir", ".")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "build the shaded kernel jar first: " + jar);

        TestJars.greeterJar(tmp.resolve("jars/it.jar"), "itjars", "hello via %jars");
        TestJars.greeterJar(tmp.resolve("envlib/env.jar"), "itenv", "hello via IJAVA_CLASSPATH");
        Path prefix = tmp.resolve("prefix");
        String installOut = run(List.of("bash", kernelDir.resolve("install.sh").toString(), "--prefix", prefix.toString(),
                "--classpath", tmp.resolve("envlib") + "/*", "--jar", jar.toString()), tmp, tmp.resolve("install.log"));
        assertTrue(installOut.contains("Installed Jupyter kernel 'java'"), installOut);
        Path spec = prefix.resolve("share/jupyter/kernels/java/kernel.json");
        JsonObject kernelJson = new JsonParser().parse(Files.readString(spec)).getAsJsonObject();
        assertEquals("message", kernelJson.get("interrupt_mode").getAsString());
        assertEquals("Java (cbrnn)", kernelJson.get("display_name").getAsString());
        assertTrue(Files.isRegularFile(prefix.resolve("share/jupyter/kernels/java/cbrnn-kernel.jar")));

        boolean haveMvn = MavenResolver.findExecutable("mvn") != null;
        List<String> cells = new ArrayList<>(List.of(
                cell("1 + 2"),                                                                   // 0
                cell("System.out.println(\"printed line\");\n\"expr \" + (6 * 7)"),              // 1
                cell("var chart = new org.knowm.xchart.XYChartBuilder().width(320).height(200).title(\"it\").build();\n"
                        + "chart.addSeries(\"sq\", new double[]{1, 2, 3}, new double[]{1, 4, 9});\nchart"), // 2
                cell("tech.tablesaw.api.Table.create(\"tbl\", tech.tablesaw.api.StringColumn.create(\"who\", \"ada\", \"<bob>\"),"
                        + " tech.tablesaw.api.IntColumn.create(\"n\", 7, 8))"),                  // 3
                cell("String id = display(\"before update\");"),                                 // 4
                cell("updateDisplay(id, \"after update\");"),                                    // 5
                cell("%jars " + tmp.resolve("jars") + "/*.jar\nitjars.Greeter.hello()"),        // 6
                cell("itenv.Greeter.hello()"),                                                   // 7
                cell("throw new IllegalStateException(\"boom in cell\");"),                      // 8
                cell("int z = undefinedVar + 1;"),                                               // 9
                cell("long spins = 0;\nwhile (true) { spins++; }"),                              // 10: interrupted at timeout
                cell("\"still alive\"")));                                                       // 11
        if (haveMvn) {
            cells.add(cell("%maven org.opentest4j:opentest4j:1.3.0\n"
                    + "new org.opentest4j.AssertionFailedError(\"via maven\").getMessage()"));  // 12
        }
        Path nb = tmp.resolve("it.ipynb");
        Files.writeString(nb, notebook(cells));

        long t0 = System.nanoTime();
        String out = run(List.of(jupyter, "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
                        "--ExecutePreprocessor.kernel_name=java",
                        "--ExecutePreprocessor.timeout=" + CELL_TIMEOUT_S,
                        "--ExecutePreprocessor.interrupt_on_timeout=True",
                        "--ExecutePreprocessor.startup_timeout=120",
                        "--output", "executed.ipynb", nb.toString()),
                tmp, tmp.resolve("nbconvert.log"),
                "JUPYTER_PATH", prefix.resolve("share/jupyter").toString(),
                "JUPYTER_RUNTIME_DIR", tmp.resolve("runtime").toString(),
                "CBRNN_KERNEL_CACHE", tmp.resolve("kernel-cache").toString());
        System.out.printf("nbconvert took %.1f s%n", (System.nanoTime() - t0) / 1e9);

        JsonArray executed = new JsonParser().parse(Files.readString(tmp.resolve("executed.ipynb"), StandardCharsets.UTF_8))
                .getAsJsonObject().getAsJsonArray("cells");
        String all = executed.toString();
        String ctx = "\nnbconvert log:\n" + out + "\nnotebook:\n" + (all.length() > 6000 ? all.substring(0, 6000) : all);

        assertEquals("3", data(executed, 0, "execute_result", "text/plain"), ctx);
        assertTrue(streamText(executed, 1).contains("printed line"), ctx);
        assertEquals("\"expr 42\"".replace("\"", ""), data(executed, 1, "execute_result", "text/plain"), ctx);

        String png = data(executed, 2, "execute_result", "image/png");
        assertNotNull(png, "no image/png from the XChart chart" + ctx);
        byte[] pngBytes = Base64.getMimeDecoder().decode(png);
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(pngBytes, 4), ctx);

        String html = data(executed, 3, "execute_result", "text/html");
        assertNotNull(html, "no text/html from the Tablesaw table" + ctx);
        assertTrue(html.contains("<td>ada</td>") && html.contains("&lt;bob&gt;") && html.contains("<td>8</td>"), html);

        assertEquals("after update", data(executed, 4, "display_data", "text/plain"),
                "update_display_data did not replace the output of cell 4" + ctx);

        assertEquals("hello via %jars", data(executed, 6, "execute_result", "text/plain"), ctx);
        assertEquals("hello via IJAVA_CLASSPATH", data(executed, 7, "execute_result", "text/plain"), ctx);

        String err8 = errorText(executed, 8);
        assertTrue(err8.contains("java.lang.IllegalStateException: boom in cell"), err8 + ctx);
        String err9 = errorText(executed, 9);
        assertTrue(err9.contains("cannot find symbol") && err9.contains("line 1, column 9"), err9 + ctx);
        String err10 = errorText(executed, 10);
        assertTrue(err10.toLowerCase().contains("interrupt"), "cell 10 should have been interrupted: " + err10 + ctx);
        assertEquals("still alive", data(executed, 11, "execute_result", "text/plain"), ctx);
        if (haveMvn) assertEquals("via maven", data(executed, 12, "execute_result", "text/plain"), ctx);
    }

    private static JsonArray outputs(JsonArray cells, int i) {
        return cells.get(i).getAsJsonObject().getAsJsonArray("outputs");
    }

    private static String joined(JsonElement e) {
        if (e == null || e.isJsonNull()) return null;
        if (e.isJsonArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonElement x : e.getAsJsonArray()) b.append(x.getAsString());
            return b.toString();
        }
        return e.getAsString();
    }

    /** The first output of that type in cell i, as the given MIME type; null if none. */
    private static String data(JsonArray cells, int i, String outputType, String mime) {
        for (JsonElement o : outputs(cells, i)) {
            JsonObject out = o.getAsJsonObject();
            if (!out.get("output_type").getAsString().equals(outputType)) continue;
            JsonObject d = out.getAsJsonObject("data");
            if (d != null && d.has(mime)) return joined(d.get(mime));
        }
        return null;
    }

    private static String streamText(JsonArray cells, int i) {
        StringBuilder b = new StringBuilder();
        for (JsonElement o : outputs(cells, i)) {
            JsonObject out = o.getAsJsonObject();
            if (out.get("output_type").getAsString().equals("stream")) b.append(joined(out.get("text")));
        }
        return b.toString();
    }

    private static String errorText(JsonArray cells, int i) {
        StringBuilder b = new StringBuilder();
        for (JsonElement o : outputs(cells, i)) {
            JsonObject out = o.getAsJsonObject();
            if (!out.get("output_type").getAsString().equals("error")) continue;
            b.append(out.get("ename").getAsString()).append(": ").append(out.get("evalue").getAsString()).append('\n');
            for (JsonElement l : out.getAsJsonArray("traceback")) b.append(l.getAsString()).append('\n');
        }
        return b.toString();
    }
}
