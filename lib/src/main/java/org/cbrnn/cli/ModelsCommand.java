package org.cbrnn.cli;

import java.util.List;
import org.cbrnn.model.ModelConfig;
import org.cbrnn.options.OptValues;

/** {@code cbrnn models}: the architectures with their parameter counts. */
final class ModelsCommand extends Command {
    ModelsCommand() {
        super("models", "list the architectures with parameter counts", "");
    }

    @Override
    int run(OptValues o, Context ctx) {
        List<ModelConfig> l = List.of(ModelConfig.cbRnn(), ModelConfig.matchedElman(ModelConfig.cbRnn()), ModelConfig.gruCb(),
                ModelConfig.gru(128), ModelConfig.auxControl(), ModelConfig.readoutCerebellum());
        for (ModelConfig c : l) ctx.out().printf("%-28s %7d  %s%n", c.label(), c.parameterCount(), c.parameterBreakdown());
        return 0;
    }
}
