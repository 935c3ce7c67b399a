package org.cbrnn.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Notebook 1 in a real browser: a Jupyter Notebook server (Debian's {@code jupyter-notebook}) on 127.0.0.1 with the
 * kit's kernel installed into a temporary prefix, headless Chromium driven through chromedriver with Selenium. A
 * copy of {@code notebooks/1-quickstart.ipynb} in a temporary directory is opened (the repository's file is never
 * touched), its outputs cleared and all its cells run from the Cell menu in quick mode ({@code CBRNN_QUICK=1}, as
 * in CI); then a looping cell is stopped with the toolbar's interrupt button and the kernel must still answer. A
 * small test notebook ({@code src/test/resources/live-progress.ipynb}) whose live progress renders at every epoch
 * then shows that display changing in place several times while its cell runs.
 *
 * <p>Screenshots go to {@code browser/target/browser/} and {@code notebooks/out/browser/} (kept by CI), with the
 * server's and chromedriver's logs. Without Chromium, chromedriver or the notebook server the test is skipped, saying
 * what is missing; when {@code CI} is set it fails instead. {@code scripts/install-deps.sh --test} installs all three.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotebookBrowserIT {
    private static final String NOTEBOOK = "1-quickstart.ipynb";
    private static final String LIVE_NOTEBOOK = "live-progress.ipynb";
    /** Quick mode runs notebook 1 in about 20 s on 2 idle cores; CI's cores are shared, so allow much more. */
    private static final Duration RUN_ALL_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration KERNEL_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration INTERRUPT_TIMEOUT = Duration.ofSeconds(20);

    private Path root;
    private Path tmp;
    private Path work;
    private final List<Path> outDirs = new ArrayList<>();
    private JupyterServer server;
    private ChromeDriverService driverService;
    private ChromeDriver driver;
    private byte[] originalNotebook;
    /** Why the tests are skipped (tools missing outside CI), or null. */
    private String skipReason;

    // ---------------------------------------------------------------------------------------------------- set-up

    private static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /** The first of the names found as an executable file on PATH (or given as an absolute path), or null. */
    private static Path findExecutable(String... names) {
        for (String name : names) {
            Path p = Paths.get(name);
            if (p.isAbsolute()) {
                if (Files.isExecutable(p)) return p;
                continue;
            }
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (dir.isEmpty()) continue;
                Path c = Paths.get(dir, name);
                if (Files.isRegularFile(c) && Files.isExecutable(c)) return c;
            }
        }
        return null;
    }

    @BeforeAll
    void startServerAndBrowser() throws Exception {
        Path jupyterNotebook = findExecutable("jupyter-notebook");
        Path chromium = findExecutable("chromium", "chromium-browser", "google-chrome");
        Path chromedriver = findExecutable("chromedriver", "/usr/lib/chromium/chromedriver");
        List<String> missing = new ArrayList<>();
        if (jupyterNotebook == null) missing.add("a Jupyter Notebook server (jupyter-notebook: Debian package jupyter-notebook)");
        if (chromium == null) missing.add("Chromium (chromium: Debian package chromium)");
        if (chromedriver == null) missing.add("chromedriver (Debian package chromium-driver)");
        if (!missing.isEmpty()) {
            String msg = "the browser test needs " + String.join(", ", missing)
                    + " on PATH; install them with `bash scripts/install-deps.sh --test`";
            if (inCi()) fail(msg + " (CI is set, so their absence is a failure)");
            // skipped per test (below), so that the reports list each test as skipped rather than show none
            skipReason = msg + "; skipping the browser test";
            return;
        }

        root = Paths.get(System.getProperty("cbrnn.root", "..")).toAbsolutePath().normalize();
        Path kernelJar = root.resolve("kernel/target/cbrnn-kernel.jar");
        Path libJar = root.resolve("lib/target/cbrnn-lib.jar");
        assertTrue(Files.isRegularFile(kernelJar) && Files.isRegularFile(libJar),
                "build the kernel and the library first (mvn -pl lib,kernel -am package): " + kernelJar + ", " + libJar);
        outDirs.add(Paths.get(System.getProperty("cbrnn.browser.out", "target/browser")).toAbsolutePath());
        outDirs.add(root.resolve("notebooks/out/browser"));
        for (Path d : outDirs) {
            Files.createDirectories(d);
            try (var old = Files.list(d)) {
                for (Path f : old.toList()) Files.deleteIfExists(f);
            }
        }
        tmp = Files.createTempDirectory("cbrnn-browser-");

        // the kit's kernel into a temporary prefix, with the library jars of this checkout (as run-notebooks.sh)
        Path prefix = tmp.resolve("prefix");
        run(List.of("bash", root.resolve("kernel/install.sh").toString(), "--prefix", prefix.toString()),
                tmp.resolve("install.log"));

        work = Files.createDirectories(tmp.resolve("work"));
        Path source = root.resolve("notebooks").resolve(NOTEBOOK);
        originalNotebook = Files.readAllBytes(source);
        Files.write(work.resolve(NOTEBOOK), originalNotebook);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        // a private configuration, data and runtime directory: the user's own Jupyter settings play no part
        env.put("JUPYTER_CONFIG_DIR", Files.createDirectories(tmp.resolve("config")).toString());
        env.put("JUPYTER_DATA_DIR", Files.createDirectories(tmp.resolve("data")).toString());
        env.put("JUPYTER_RUNTIME_DIR", Files.createDirectories(tmp.resolve("runtime")).toString());
        env.put("CBRNN_KERNEL_CACHE", tmp.resolve("kernel-cache").toString());
        env.put("CBRNN_QUICK", "1");
        env.put("OMP_NUM_THREADS", "1");
        server = JupyterServer.start(jupyterNotebook, work, env, tmp.resolve("jupyter.log"));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // the flags this machine kind needs: no sandbox as root, and no background connections (the network is closed)
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(tmp.resolve("chromedriver.log").toFile())
                .build();
        driver = new ChromeDriver(driverService, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @BeforeEach
    void skipWithoutTheTools() {
        assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            if (driver != null) driver.quit();
        } finally {
            try {
                if (driverService != null) driverService.stop();
                if (server != null) server.close();
            } finally {
                if (tmp != null) {
                    for (String log : List.of("jupyter.log", "chromedriver.log", "install.log")) {
                        Path f = tmp.resolve(log);
                        if (Files.isRegularFile(f)) for (Path d : outDirs) Files.copy(f, d.resolve(log),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    deleteTree(tmp);
                }
            }
        }
        if (originalNotebook != null) {
            assertArrayEquals(originalNotebook, Files.readAllBytes(root.resolve("notebooks").resolve(NOTEBOOK)),
                    "the repository's notebook changed; the test must work on its copy only");
        }
    }

    // ---------------------------------------------------------------------------------------------------- tests

    /**
     * Opens the copy of notebook 1, clears its outputs and runs every cell from the Cell menu. Afterwards every cell
     * has run once, in order, none shows an error, and the figures are PNG images the browser decoded. Its training
     * cell's live progress must have been updated in place: at no time a second picture in that cell, and at least
     * one change of the picture while the cell ran (the default throttle renders once a second and at the end, so
     * quick mode's few epochs give one or two; the next test counts more).
     */
    @Test
    @Order(1)
    void runAllOnNotebook1ShowsItsFiguresAndUpdatesTheLiveProgressInPlace() throws Exception {
        long t0 = System.nanoTime();
        List<String> pictures = openAndRunAll(NOTEBOOK, "LiveProgress.create", "1-quickstart");
        System.out.printf("browser: notebook 1 ran in %.1f s; its live progress showed %d pictures in place%n",
                secondsSince(t0), pictures.size());
        assertTrue(pictures.size() >= 2, "notebook 1's live progress never changed while training ran: " + pictures);
        fullNotebookScreenshot("1-quickstart-full.png");
    }

    /**
     * Runs a cell that sleeps in a loop, presses the toolbar's interrupt button while it runs, and checks that the
     * cell stops with an interruption and a following cell ({@code 1 + 1}) still gets its answer from the same
     * kernel. Cells are added and run from the keyboard (b, Enter, typing, Shift+Enter), as a user would.
     */
    @Test
    @Order(2)
    void theInterruptButtonStopsARunningCellAndTheKernelStillAnswers() throws Exception {
        if (!driver.getCurrentUrl().contains(NOTEBOOK)) {
            driver.get(server.notebook(NOTEBOOK).toString());
        }
        waitForKernelIdle(RUN_ALL_TIMEOUT, "the kernel was not idle before the interrupt test");
        long last = ((Number) js("return Jupyter.notebook.ncells() - 1;")).longValue();
        scrollToCell(last);
        cell(last).findElement(By.cssSelector(".input_prompt")).click();  // selects it, in command mode
        String loop = "long spins = 0; while (true) { spins++; Thread.sleep(20); }";
        new Actions(driver).sendKeys(Keys.ESCAPE).sendKeys("b").sendKeys(Keys.ENTER).perform();
        new Actions(driver).sendKeys(loop).perform();
        long loopCell = last + 1;
        assertEquals(loop, js("return Jupyter.notebook.get_cell(arguments[0]).get_text();", loopCell),
                "typing into the new cell gave other text");
        shiftEnter();

        waitUntil(Duration.ofSeconds(30), () -> isRunning(loopCell)
                && !driver.findElements(By.cssSelector("#kernel_indicator_icon.kernel_busy_icon")).isEmpty(),
                "the looping cell did not start");
        Thread.sleep(1500);
        assertTrue(isRunning(loopCell), "the looping cell stopped by itself");
        screenshot("interrupt-1-running.png");

        long t0 = System.nanoTime();
        driver.findElement(By.cssSelector("button[data-jupyter-action='jupyter-notebook:interrupt-kernel']")).click();
        waitUntil(INTERRUPT_TIMEOUT, () -> !isRunning(loopCell), "the interrupt button did not stop the running cell");
        System.out.printf("browser: the interrupt button stopped the cell after %.1f s%n", secondsSince(t0));
        String error = (String) js("var e = Jupyter.notebook.get_cell(arguments[0]).element[0]"
                + ".querySelector('.output_error'); return e ? e.textContent : '';", loopCell);
        assertTrue(error.toLowerCase().contains("interrupt"), "the stopped cell should report the interruption: '" + error + "'");

        // Shift+Enter on the last cell added an empty one below; the click on the toolbar took the focus from it
        long answerCell = loopCell + 1;
        assertEquals(answerCell + 1, ((Number) js("return Jupyter.notebook.ncells();")).longValue(),
                "Shift+Enter should have added a cell below");
        cell(answerCell).findElement(By.cssSelector(".CodeMirror")).click();
        new Actions(driver).sendKeys("1 + 1").perform();
        shiftEnter();
        waitUntil(Duration.ofSeconds(30), () -> !isRunning(answerCell) && !cellOutputText(answerCell).isEmpty(),
                "the kernel did not answer after the interrupt");
        screenshot("interrupt-2-kernel-answers.png");
        assertEquals("2", cellOutputText(answerCell).strip(), "1 + 1 after the interrupt");
        assertEquals(1, driver.findElements(By.cssSelector("#kernel_indicator_icon.kernel_idle_icon")).size(),
                "the kernel should be idle again");
    }

    /**
     * A test notebook (src/test/resources/live-progress.ipynb) trains for 8 short epochs with a live progress that
     * renders at every epoch, in a new tab: the one picture must change at least twice while the cell runs, however
     * fast the machine, and stay the cell's only picture.
     */
    @Test
    @Order(3)
    void theLiveProgressChangesInPlaceAtEveryEpoch() throws Exception {
        try (var in = getClass().getResourceAsStream("/" + LIVE_NOTEBOOK)) {
            assertTrue(in != null, LIVE_NOTEBOOK + " is not on the test class path");
            Files.write(work.resolve(LIVE_NOTEBOOK), in.readAllBytes());
        }
        driver.switchTo().newWindow(WindowType.TAB);
        long t0 = System.nanoTime();
        List<String> pictures = openAndRunAll(LIVE_NOTEBOOK, "LiveProgress.builder", "live-progress");
        String result = cellOutputText((Long) js("return Jupyter.notebook.ncells() - 1;"));
        System.out.printf("browser: the live-progress notebook ran in %.1f s; %d pictures in place; %s%n",
                secondsSince(t0), pictures.size(), result.strip());
        assertTrue(result.contains("8 epochs"), "the test notebook should have trained 8 epochs: " + result);
        assertTrue(pictures.size() >= 3, "the live progress should change at least twice while training runs; "
                + "the cell showed " + pictures.size() + " distinct pictures");
    }

    /**
     * Opens a notebook of the work directory, waits for the kernel, clears all outputs (Cell > All Output > Clear)
     * and runs all cells (Cell > Run All), recording the outputs of the first cell whose source contains
     * {@code liveMarker} with a MutationObserver. Checks that every cell ran once and in order without an error and
     * that the figures are PNG images the browser decoded; saves screenshots. Returns the distinct pictures (hashes)
     * the live cell showed, in order, while it ran, after checking it never showed two at once.
     */
    private List<String> openAndRunAll(String notebook, String liveMarker, String shotPrefix) throws Exception {
        driver.get(server.notebook(notebook).toString());
        waitForKernelIdle(KERNEL_START_TIMEOUT, "the kernel did not start for " + notebook);
        assertEquals("Java (cbrnn)", driver.findElement(By.cssSelector(".kernel_indicator_name")).getText(),
                "the notebook should run on the kit's kernel");

        // the outputs stored in the file must not count as this run's
        clickMenu("celllink", "all_outputs", "clear_all_output");
        waitUntil(Duration.ofSeconds(10), () -> ((Number) js("return document.querySelectorAll("
                + "'#notebook-container .output_area').length;")).intValue() == 0, "the outputs were not cleared");

        long liveCell = (Long) js("return Jupyter.notebook.get_cells().findIndex("
                + "c => c.cell_type === 'code' && c.get_text().includes(arguments[0]));", liveMarker);
        assertTrue(liveCell >= 0, notebook + " has no cell containing " + liveMarker);
        js(LIVE_OBSERVER, liveCell);

        long t0 = System.nanoTime();
        clickMenu("celllink", "run_all_cells");
        // Run All marks every code cell as running (queued) at once; done when none is and all have a number
        try {
            waitUntil(RUN_ALL_TIMEOUT, () -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> s = (Map<String, Object>) js(CELL_STATE);
                return ((Number) s.get("running")).intValue() == 0 && ((Number) s.get("unnumbered")).intValue() == 0;
            }, "Run All did not finish for " + notebook);
        } finally {
            screenshot(shotPrefix + "-after-run-all.png");
        }
        System.out.printf("browser: %s: Run All took %.1f s%n", notebook, secondsSince(t0));

        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) js(CELL_STATE);
        @SuppressWarnings("unchecked")
        List<Number> counts = (List<Number>) state.get("counts");
        for (int i = 1; i < counts.size(); i++) {
            assertTrue(counts.get(i).longValue() > counts.get(i - 1).longValue(),
                    notebook + ": cells should have run in order, once each: execution counts " + counts);
        }
        assertEquals(List.of(), state.get("errors"), notebook + ": cells showed errors");

        long expected = (Long) js("var m = Jupyter.notebook.metadata.cbrnn; return m && m.expected_images || 1;");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> images = (List<Map<String, Object>>) js(IMAGES);
        assertTrue(images.size() >= expected, notebook + ": expected at least " + expected + " figures, the page shows " + images);
        for (Map<String, Object> img : images) {
            String src = (String) img.get("head");
            assertTrue(src.startsWith("data:image/png;base64,"), "not PNG data: " + src);
            byte[] head = Base64.getDecoder().decode(src.substring("data:image/png;base64,".length()));
            assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(head, 4), "not a PNG: " + src);
            assertTrue(Boolean.TRUE.equals(img.get("complete")) && ((Number) img.get("w")).intValue() > 100
                    && ((Number) img.get("h")).intValue() > 50, "the browser did not decode a figure: " + img);
        }

        // what the observer saw of the live cell while it ran
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> seen = (List<Map<String, Object>>) js("return window.__cbrnnLive;");
        // pictures: the distinct pictures in the order shown while the cell ran; last: the last one shown at all (the
        // final update can land in the same change of the page as the end of the run, so it is not always seen "running")
        List<String> pictures = new ArrayList<>();
        String last = null;
        for (Map<String, Object> s : seen) {
            @SuppressWarnings("unchecked")
            List<String> imgs = (List<String>) s.get("imgs");
            assertTrue(imgs.size() <= 1, "the live progress added a second picture instead of updating the first: " + s);
            if (imgs.size() != 1) continue;
            last = imgs.get(0);
            if (Boolean.TRUE.equals(s.get("running")) && (pictures.isEmpty() || !pictures.get(pictures.size() - 1).equals(last))) {
                pictures.add(last);
            }
        }
        assertTrue(!pictures.isEmpty(), notebook + ": the live progress showed no picture while training ran ("
                + seen.size() + " observations)");
        @SuppressWarnings("unchecked")
        List<String> finalImgs = (List<String>) ((Map<String, Object>) js(LIVE_SNAPSHOT)).get("imgs");
        assertEquals(List.of(last), finalImgs,
                notebook + ": after the run the live cell should show one picture, its last update");
        scrollToCell(liveCell);
        screenshot(shotPrefix + "-live-progress.png");
        return pictures;
    }

    // ---------------------------------------------------------------------------------------------------- page scripts

    /**
     * Installs window.__cbrnnSnap() (a hash of each picture in one cell's outputs and whether the cell runs) and a
     * MutationObserver that appends a snapshot to window.__cbrnnLive at every change of that cell's outputs: the
     * browser records each update as it happens, however fast, instead of this test polling for it.
     */
    private static final String LIVE_OBSERVER = """
            var el = Jupyter.notebook.get_cell(arguments[0]).element[0];
            var hash = function (s) { var h = 0; for (var i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; return s.length + ':' + h; };
            window.__cbrnnSnap = function () {
              return {t: performance.now(), running: el.classList.contains('running'),
                      imgs: Array.from(el.querySelectorAll('.output img')).map(function (i) { return hash(i.src); })};
            };
            window.__cbrnnLive = [];
            new MutationObserver(function () { window.__cbrnnLive.push(window.__cbrnnSnap()); })
                .observe(el.querySelector('.output'), {childList: true, subtree: true, attributes: true, attributeFilter: ['src']});
            """;

    private static final String LIVE_SNAPSHOT = "return window.__cbrnnSnap();";

    /** Execution counts of the code cells, how many still run or have no count, and the text of error outputs. */
    private static final String CELL_STATE = """
            var cells = Array.from(document.querySelectorAll('#notebook-container .cell.code_cell'));
            var counts = [], unnumbered = 0;
            cells.forEach(function (c) {
              var m = /\\[(\\d+)\\]/.exec(c.querySelector('.input_prompt').textContent);
              if (m) counts.push(Number(m[1])); else unnumbered++;
            });
            return {running: cells.filter(function (c) { return c.classList.contains('running'); }).length,
                    unnumbered: unnumbered, counts: counts,
                    errors: Array.from(document.querySelectorAll('#notebook-container .output_error'))
                              .map(function (e) { return e.textContent.slice(0, 400); })};
            """;

    private static final String IMAGES = """
            return Array.from(document.querySelectorAll('#notebook-container .output_area img')).map(function (i) {
              return {head: i.src.slice(0, 40), complete: i.complete, w: i.naturalWidth, h: i.naturalHeight};
            });
            """;

    // ---------------------------------------------------------------------------------------------------- helpers

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Opens a menu of the menu bar by its id, walks its sub-menus by hovering, and clicks the last item. */
    private void clickMenu(String menuId, String... itemIds) {
        driver.findElement(By.id(menuId)).click();
        Actions hover = new Actions(driver);
        for (int i = 0; i < itemIds.length - 1; i++) {
            hover.moveToElement(driver.findElement(By.cssSelector("#" + itemIds[i] + " > a")));
        }
        hover.perform();
        WebElement item = driver.findElement(By.cssSelector("#" + itemIds[itemIds.length - 1] + " > a"));
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> item.isDisplayed());
        item.click();
    }

    private void shiftEnter() {
        new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
    }

    private WebElement cell(long index) {
        return (WebElement) js("return Jupyter.notebook.get_cell(arguments[0]).element[0];", index);
    }

    private boolean isRunning(long index) {
        return Boolean.TRUE.equals(js("return Jupyter.notebook.get_cell(arguments[0]).element[0]"
                + ".classList.contains('running');", index));
    }

    /** The text of a cell's result (its execute_result output), or "" while it has none. */
    private String cellOutputText(long index) {
        return (String) js("var o = Jupyter.notebook.get_cell(arguments[0]).element[0].querySelector("
                + "'.output_result'); return o ? o.textContent : '';", index);
    }

    private void scrollToCell(long index) {
        js("Jupyter.notebook.get_cell(arguments[0]).element[0].scrollIntoView({block: 'start'});", index);
    }

    private void waitForKernelIdle(Duration timeout, String what) {
        waitUntil(timeout, () -> !driver.findElements(By.cssSelector("#kernel_indicator_icon.kernel_idle_icon")).isEmpty()
                && Boolean.TRUE.equals(js("return !!(Jupyter.notebook && Jupyter.notebook.kernel"
                + " && Jupyter.notebook.kernel.is_connected());")), what);
    }

    private void waitUntil(Duration timeout, Supplier<Boolean> condition, String what) {
        try {
            new WebDriverWait(driver, timeout, Duration.ofMillis(200)).until(d -> condition.get());
        } catch (TimeoutException e) {
            try {
                screenshot("failure-" + what.replaceAll("[^A-Za-z0-9]+", "-") + ".png");
            } catch (IOException io) {
                e.addSuppressed(io);
            }
            fail(what + " within " + timeout.toSeconds() + " s; page state " + js(CELL_STATE)
                    + "\njupyter log (end):\n" + tail(server.logText(), 3000), e);
        }
    }

    /** Saves what the browser shows to every output directory. */
    private void screenshot(String name) throws IOException {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        for (Path d : outDirs) Files.write(d.resolve(name), png);
    }

    /** A screenshot of the whole notebook: the window is made as tall as the notebook for it, then restored. */
    private void fullNotebookScreenshot(String name) throws IOException, InterruptedException {
        Dimension before = driver.manage().window().getSize();
        long height = (Long) js("return Math.ceil(document.getElementById('header').offsetHeight"
                + " + document.getElementById('notebook-container').scrollHeight + 80);");
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(height, 12000)));
        TimeUnit.MILLISECONDS.sleep(500); // the notebook re-lays itself out on resize
        js("document.getElementById('site').scrollTop = 0;");
        try {
            screenshot(name);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : "…" + s.substring(s.length() - n);
    }

    private static void run(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish:\n" + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + Files.readString(log));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) Files.deleteIfExists(p);
        }
    }
}
