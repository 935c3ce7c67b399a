package org.cbrnn.browser;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Jupyter Notebook server ({@code jupyter-notebook}, Debian's package) on 127.0.0.1 with a random free port and a
 * random token, no browser of its own. Closing it asks the server to shut down (which also shuts down its kernels),
 * then stops whatever of it is left.
 */
final class JupyterServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    final URI base;
    final String token;
    final Path log;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private JupyterServer(URI base, String token, Path log, Process process) {
        this.base = base;
        this.token = token;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts the server serving {@code notebookDir} and waits until its REST API answers. {@code env} is added to
     * the server's environment (the kernels it starts inherit it). A port taken between choosing and binding it
     * (another process won the race) is retried with a new one.
     */
    static JupyterServer start(Path executable, Path notebookDir, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return startOnce(executable, notebookDir, env, log);
            } catch (PortTaken e) {
                last = e;
            }
        }
        throw last;
    }

    private static final class PortTaken extends IOException {
        PortTaken(String message) {
            super(message);
        }
    }

    private static JupyterServer startOnce(Path executable, Path notebookDir, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        int port = freePort();
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        ProcessBuilder pb = new ProcessBuilder(List.of(executable.toString(),
                "--no-browser", "--ip=127.0.0.1", "--port=" + port, "--port-retries=0",
                "--NotebookApp.token=" + token, "--NotebookApp.password=",
                "--notebook-dir=" + notebookDir,
                // the server refuses to run as root without this; CI runs as root
                "--allow-root"))
                .directory(notebookDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        JupyterServer server = new JupyterServer(base, token, log, p);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                String out = Files.readString(log);
                if (out.contains("is already in use") || out.contains("Address already in use")) {
                    throw new PortTaken("port " + port + " was taken:\n" + out);
                }
                throw new IOException("jupyter-notebook exited with " + p.exitValue() + ":\n" + out);
            }
            if (server.answers()) return server;
            Thread.sleep(250);
        }
        server.close();
        throw new IOException("jupyter-notebook did not answer on " + base + " within " + START_TIMEOUT.toSeconds()
                + " s:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private boolean answers() throws InterruptedException {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("api/status"))
                    .header("Authorization", "token " + token).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The address of a notebook below the notebook directory, with the token (logs the browser in). */
    URI notebook(String name) {
        return base.resolve("notebooks/" + name + "?token=" + token);
    }

    /** The server's output so far (for failure messages). */
    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        // the kernel JVMs are the server's children: remember them before the server goes
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            try {
                http.send(HttpRequest.newBuilder(base.resolve("api/shutdown"))
                        .header("Authorization", "token " + token).timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // it may already be going; the signals below stop it either way
            }
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        for (ProcessHandle c : children) {
            if (c.isAlive()) c.destroyForcibly();
        }
    }
}
