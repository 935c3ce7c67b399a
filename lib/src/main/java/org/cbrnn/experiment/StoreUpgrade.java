package org.cbrnn.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cbrnn.util.Check;

/**
 * Renames the run directories of a store from their {@link RunSpec#legacyId() legacy id} (label and
 * {@code Map.hashCode()}) to their label-free {@link RunSpec#id() id}. {@link #plan(Path)} only reads;
 * {@link #apply(Path)} checks the whole plan first and refuses it, renaming nothing, if two directories would get the
 * same id or a target exists; each directory is then moved with one atomic rename. Running it again changes nothing.
 * Directories whose name is neither id of their spec are reported and left alone.
 */
public final class StoreUpgrade {
    private StoreUpgrade() {}

    /** What happens to one directory. */
    public enum Action {
        /** Named by its legacy id: renamed to its id. */
        RENAME,
        /** Already named by its id. */
        CURRENT,
        /** Named neither way (renamed by hand, or a spec that was edited): left alone. */
        UNRECOGNISED
    }

    /** One directory of the store and what the upgrade does to it. */
    public record Step(Path from, Path to, Action action) {
        public Step {
            Check.notNull("from", from);
            Check.notNull("to", to);
            Check.notNull("action", action);
        }
    }

    /** The steps for every run directory (a sub-directory with a spec.properties), in name order. */
    public static List<Step> plan(Path store) {
        Check.notNull("store", store);
        List<Step> out = new ArrayList<>();
        if (!Files.isDirectory(store)) throw new IllegalArgumentException("not a run store directory: " + store);
        try (Stream<Path> s = Files.list(store)) {
            for (Path d : s.sorted().toList()) {
                Path sp = d.resolve("spec.properties");
                if (!Files.isRegularFile(sp)) continue;
                RunSpec spec;
                try {
                    spec = RunSpec.fromProperties(RunDir.fromText(Files.readString(sp)));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(sp + " cannot be read as a run spec: " + e.getMessage(), e);
                }
                String name = d.getFileName().toString();
                Path to = store.resolve(spec.id());
                Action a = name.equals(spec.id()) ? Action.CURRENT : name.equals(spec.legacyId()) ? Action.RENAME : Action.UNRECOGNISED;
                out.add(new Step(d, a == Action.UNRECOGNISED ? d : to, a));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Renames every legacy-named directory of {@code store} to its id and returns the plan it carried out.
     *
     * @throws IllegalStateException before renaming anything, if two directories hold the same training (same id)
     *                               or a target name is taken by another directory
     */
    public static List<Step> apply(Path store) {
        Check.notNull("store", store);
        List<Step> plan = plan(store);
        Map<Path, Path> claimed = new HashMap<>();
        for (Step st : plan) {
            if (st.action() == Action.UNRECOGNISED) continue;
            Path prev = claimed.putIfAbsent(st.to(), st.from());
            if (prev != null) {
                throw new IllegalStateException("cannot upgrade " + store + ": " + prev.getFileName() + " and " + st.from().getFileName()
                        + " hold the same training (id " + st.to().getFileName() + "); keep one of them and run the upgrade again");
            }
        }
        for (Step st : plan) {
            if (st.action() == Action.RENAME && Files.exists(st.to())) {
                throw new IllegalStateException("cannot upgrade " + store + ": " + st.to().getFileName() + " exists and is not a run of "
                        + st.from().getFileName() + "'s spec; move it away and run the upgrade again");
            }
        }
        for (Step st : plan) {
            if (st.action() != Action.RENAME) continue;
            try {
                Files.move(st.from(), st.to(), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IllegalStateException("cannot rename " + st.from() + " atomically on this file system", e);
            } catch (IOException e) {
                throw new UncheckedIOException("could not rename " + st.from() + " to " + st.to().getFileName(), e);
            }
        }
        return plan;
    }
}
