package org.cbrnn.engine;

import java.util.Arrays;
import org.cbrnn.util.Check;

/**
 * What an engine returns for one {@link org.cbrnn.task.MultiHeadBatch}.
 *
 * @param loss    the sum over the active heads of each head's mean cross-entropy (the quantity differentiated)
 * @param perHead one entry per head: that head's mean loss and correct count, or null for an inactive head
 */
public record MultiHeadResult(double loss, StepResult[] perHead) {
    public MultiHeadResult {
        Check.notNull("perHead", perHead);
        perHead = perHead.clone();
    }

    /** Head {@code k}'s result, or null if it was inactive. */
    public StepResult head(int k) {
        Check.inRange("k", k, 0, perHead.length - 1);
        return perHead[k];
    }

    /** The mean accuracy in percent over the active heads (the authors' metric for several heads, docs/protocol.md §3.4). */
    public double meanAccuracyPercent() {
        return Arrays.stream(perHead).filter(java.util.Objects::nonNull).mapToDouble(StepResult::accuracyPercent).average().orElseThrow();
    }

    @Override
    public StepResult[] perHead() {
        return perHead.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiHeadResult r && Double.compare(r.loss, loss) == 0 && Arrays.equals(r.perHead, perHead);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(loss) + Arrays.hashCode(perHead);
    }

    @Override
    public String toString() {
        return "MultiHeadResult[loss=" + loss + ", perHead=" + Arrays.toString(perHead) + "]";
    }
}
