package org.cbrnn.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code java -jar cbrnn-kernel.jar <connection file>}: what the kernelspec runs. */
public final class KernelMain {
    private KernelMain() {
    }

    /** The base kernel logs every channel loop start/stop at INFO on stderr; keep only its warnings. */
    static void quietBaseKernelLogging() {
        JupyterSocket.JUPYTER_LOGGER.setLevel(Level.WARNING);
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.setFilter(r -> {
                String name = r.getLoggerName();
                boolean ours = name != null && (name.startsWith("Loop-") || name.startsWith("io.github.spencerpark"));
                return !ours || r.getLevel().intValue() >= Level.WARNING.intValue();
            });
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -jar cbrnn-kernel.jar <jupyter connection file>");
            System.exit(2);
        }
        quietBaseKernelLogging();
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");

        String contents = Files.readString(Paths.get(args[0]));
        KernelConnectionProperties props = KernelConnectionProperties.parse(contents);
        JavaKernel kernel = new JavaKernel(KernelConfig.fromEnvironment(), MavenResolver.fromEnvironment());
        JupyterConnection connection = new JupyterConnection(props);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }
}
