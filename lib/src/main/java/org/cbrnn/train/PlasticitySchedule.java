package org.cbrnn.train;

import java.util.EnumSet;
import java.util.Set;
import org.cbrnn.model.Module;
import org.cbrnn.util.Check;

/**
 * Which modules learn in each epoch. One type covers the paper's conditions and the freeze-timing axis:
 * <ul>
 *   <li>before the freeze point the core and readout learn, and the cerebellum too if {@code cerebellumBeforeFreeze};</li>
 *   <li>after it the cerebellum and readout learn, and the core learns again at "refresh" levels
 *       {@code N} with {@code (N - startLevel) mod refreshEvery == 0} ({@code refreshEvery = 0}: never).</li>
 * </ul>
 * The readout always learns. Factories: {@link #joint()}, {@link #fullReservoir()}, {@link #interleaved(int)},
 * {@link #freezeCore(FreezePoint)}.
 *
 * @param freeze                 when the core freezes
 * @param cerebellumBeforeFreeze whether the cerebellum learns before the freeze (false in the paper's reservoirs:
 *                               phase 0 trains the core with the CB frozen at its near-zero initialisation)
 * @param refreshEvery           interleave period k, 0 for none
 */
public record PlasticitySchedule(FreezePoint freeze, boolean cerebellumBeforeFreeze, int refreshEvery) {

    public PlasticitySchedule {
        Check.notNull("freeze", freeze);
        Check.inRange("refreshEvery", refreshEvery, 0, 1000);
    }

    /** Everything learns every epoch (the paper's CB-RNN and RNN baselines). */
    public static PlasticitySchedule joint() {
        return new PlasticitySchedule(FreezePoint.never(), true, 0);
    }

    /** Paper's "full reservoir": core + readout at level 2 with the CB frozen, then the core is frozen for good. */
    public static PlasticitySchedule fullReservoir() {
        return new PlasticitySchedule(FreezePoint.afterLevel(2), false, 0);
    }

    /** Paper's "interleaved reservoir": as {@link #fullReservoir()}, but every module learns at every k-th level. */
    public static PlasticitySchedule interleaved(int k) {
        Check.inRange("k", k, 1, 1000);
        return new PlasticitySchedule(FreezePoint.afterLevel(2), false, k);
    }

    /** Joint training until {@code point}, then only the cerebellum and readout learn (the freeze-timing axis). */
    public static PlasticitySchedule freezeCore(FreezePoint point) {
        Check.notNull("point", point);
        return new PlasticitySchedule(point, true, 0);
    }

    /** The modules learning in an epoch. */
    public Set<Module> learning(int epochsCompleted, int level, int highestSolved, int startLevel) {
        if (!freeze.frozen(epochsCompleted, highestSolved)) {
            return cerebellumBeforeFreeze ? EnumSet.allOf(Module.class) : EnumSet.of(Module.CORE, Module.READOUT);
        }
        if (refreshEvery > 0 && level > startLevel && (level - startLevel) % refreshEvery == 0) return EnumSet.allOf(Module.class);
        return EnumSet.of(Module.CEREBELLUM, Module.READOUT);
    }

    /** The phase of an epoch for records and plots: joint, warmup, frozen or refresh. */
    public EpochRecord.Phase phase(int epochsCompleted, int level, int highestSolved, int startLevel) {
        if (!freeze.frozen(epochsCompleted, highestSolved)) return cerebellumBeforeFreeze ? EpochRecord.Phase.JOINT : EpochRecord.Phase.WARMUP;
        Set<Module> m = learning(epochsCompleted, level, highestSolved, startLevel);
        return m.contains(Module.CORE) ? EpochRecord.Phase.REFRESH : EpochRecord.Phase.FROZEN;
    }

    /** A compact label, e.g. {@code joint}, {@code full-reservoir}, {@code interleaved-10}, {@code freeze-L5}. */
    public String label() {
        if (freeze.kind() == FreezePoint.Kind.NEVER) return cerebellumBeforeFreeze ? "joint" : "core-only";
        if (!cerebellumBeforeFreeze && freeze.equals(FreezePoint.afterLevel(2))) {
            return refreshEvery == 0 ? "full-reservoir" : "interleaved-" + refreshEvery;
        }
        String base = "freeze-" + freeze.label() + (cerebellumBeforeFreeze ? "" : "-cbwarm");
        return refreshEvery == 0 ? base : base + "-k" + refreshEvery;
    }

    /** Parses {@link #label()} forms. */
    public static PlasticitySchedule parse(String text) {
        Check.notNull("text", text);
        String t = text.trim();
        if (t.equals("joint")) return joint();
        if (t.equals("full-reservoir")) return fullReservoir();
        if (t.startsWith("interleaved-")) return interleaved(Integer.parseInt(t.substring("interleaved-".length())));
        if (t.startsWith("freeze-")) {
            String[] parts = t.substring(7).split("-");
            FreezePoint fp = FreezePoint.parse(parts[0]);
            boolean cb = true;
            int k = 0;
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].equals("cbwarm")) cb = false;
                else if (parts[i].startsWith("k")) k = Integer.parseInt(parts[i].substring(1));
            }
            return new PlasticitySchedule(fp, cb, k);
        }
        throw new IllegalArgumentException("schedule must be one of joint, full-reservoir, interleaved-<k>, freeze-<L|E><n>|freeze-never|freeze-start, got '" + text + "'");
    }
}
