package org.cbrnn.model;

/**
 * The three parts of every model. Plasticity is decided per module: "freeze the core" means the set
 * {CEREBELLUM, READOUT} learns, whatever the architecture's parameter names are.
 */
public enum Module {
    /** The recurrent core: input and recurrent weights and biases (Elman or GRU). */
    CORE,
    /** The cerebellar module (GC -> PC -> DCN), or the recurrent auxiliary control that replaces it. */
    CEREBELLUM,
    /** The linear readout head. */
    READOUT
}
