package org.cbrnn.kernel;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Start-up settings, read from the same environment variables as IJava.
 *
 * @param classpath          {@code IJAVA_CLASSPATH}: path-separator list; entries may be globs or end in {@code /*}
 * @param compilerOptions    {@code IJAVA_COMPILER_OPTS}: options for JShell's compiler, split like a shell would
 * @param startupScriptsPath {@code IJAVA_STARTUP_SCRIPTS_PATH}: path-separator list of (globs of) scripts to run first
 * @param startupScript      {@code IJAVA_STARTUP_SCRIPT}: code to run at start-up, after the scripts
 * @param workDir            where relative paths in magics resolve (the kernel's working directory)
 */
public record KernelConfig(String classpath, List<String> compilerOptions, String startupScriptsPath,
                           String startupScript, Path workDir) {

    public static KernelConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static KernelConfig fromEnvironment(Map<String, String> env) {
        String opts = env.getOrDefault("IJAVA_COMPILER_OPTS", "");
        return new KernelConfig(
                env.getOrDefault("IJAVA_CLASSPATH", ""),
                CellParser.splitArgs(opts),
                env.getOrDefault("IJAVA_STARTUP_SCRIPTS_PATH", ""),
                env.getOrDefault("IJAVA_STARTUP_SCRIPT", ""),
                Paths.get("").toAbsolutePath());
    }
}
