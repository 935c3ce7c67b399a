package org.cbrnn.ccrnn;

import org.cbrnn.engine.fast.Ops;
import org.cbrnn.util.Check;

/**
 * Adam with PyTorch's update (bias-corrected moments, epsilon added to the square root of the corrected second moment),
 * and the joint global-norm clip applied before it (docs/ccrnn.md §2.2). Moments are kept in the parameters'
 * precision; {@link #skip} excludes tensors (a frozen module) from the clip and the update.
 */
public final class Adam<A> {
    private final Ops<A> ops;
    private final double lr, beta1, beta2, eps;
    final A[] m, v;
    long steps;

    @SuppressWarnings("unchecked")
    public Adam(Ops<A> ops, A[] params, double lr, double beta1, double beta2, double eps) {
        this.ops = Check.notNull("ops", ops);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        m = CcNetwork.arrayOf(ops, params.length);
        v = CcNetwork.arrayOf(ops, params.length);
        for (int i = 0; i < params.length; i++) {
            m[i] = ops.alloc(ops.length(params[i]));
            v[i] = ops.alloc(ops.length(params[i]));
        }
    }

    /** The L2 norm over the gradients of the tensors not skipped. */
    public double norm(A[] grads, boolean[] skip) {
        double s = 0;
        for (int i = 0; i < grads.length; i++) if (!skip[i]) s += ops.sumSquares(grads[i], 0, ops.length(grads[i]));
        return Math.sqrt(s);
    }

    /**
     * Scales the gradients so their joint norm is at most {@code maxNorm} (as torch.nn.utils.clip_grad_norm_:
     * factor maxNorm / (norm + 1e-6) when below 1); returns the norm before clipping. {@code maxNorm = 0}: no clip.
     */
    public double clip(A[] grads, boolean[] skip, double maxNorm) {
        double n = norm(grads, skip);
        if (maxNorm > 0) {
            double f = maxNorm / (n + 1e-6);
            if (f < 1) for (int i = 0; i < grads.length; i++) if (!skip[i]) ops.scale(grads[i], 0, ops.length(grads[i]), f);
        }
        return n;
    }

    /** One step on every tensor not skipped. */
    public void step(A[] params, A[] grads, boolean[] skip) {
        steps++;
        double bc1 = 1 - Math.pow(beta1, steps), bc2 = 1 - Math.pow(beta2, steps);
        for (int i = 0; i < params.length; i++) {
            if (skip[i]) continue;
            A p = params[i], g = grads[i], mi = m[i], vi = v[i];
            for (int j = 0, n = ops.length(p); j < n; j++) {
                double gj = ops.get(g, j);
                double mj = beta1 * ops.get(mi, j) + (1 - beta1) * gj;
                double vj = beta2 * ops.get(vi, j) + (1 - beta2) * gj * gj;
                ops.set(mi, j, mj);
                ops.set(vi, j, vj);
                double mh = ops.get(mi, j) / bc1, vh = ops.get(vi, j) / bc2;
                ops.set(p, j, ops.get(p, j) - lr * mh / (Math.sqrt(vh) + eps));
            }
        }
    }
}
