package dev.profundo.tensor;

import dev.profundo.autograd.Node;
import dev.profundo.kernels.VectorOps;

/** Elementwise ops of two tensors with NumPy broadcasting, their gradients, comparisons and {@code where}. */
final class BinaryOps {
    enum Op { ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, EQ, NE, GT, LT, GE, LE }

    private BinaryOps() {}

    static Tensor binary(Op op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase();
        a.checkLive(name);
        b.checkLive(name);
        if (a.dtype == DType.INT64 && b.dtype == DType.INT64 && (op == Op.ADD || op == Op.SUB || op == Op.MUL))
            return longBinary(op, a, b);
        Tensor fa = a.to(DType.FLOAT32), fb = b.to(DType.FLOAT32);
        Tensor out = compute(op, name, fa, fb);
        int[] aShape = a.shape.clone(), bShape = b.shape.clone();
        return Node.record(name, out, g -> switch (op) {
            case ADD -> new Tensor[] {ReduceOps.sumTo(g, aShape), ReduceOps.sumTo(g, bShape)};
            case SUB -> new Tensor[] {ReduceOps.sumTo(g, aShape), ReduceOps.sumTo(g.neg(), bShape)};
            case MUL -> new Tensor[] {
                    fa.requiresGrad() ? ReduceOps.sumTo(g.mul(fb.detach()), aShape) : null,
                    fb.requiresGrad() ? ReduceOps.sumTo(g.mul(fa.detach()), bShape) : null};
            case DIV -> new Tensor[] {
                    fa.requiresGrad() ? ReduceOps.sumTo(g.div(fb.detach()), aShape) : null,
                    fb.requiresGrad() ? ReduceOps.sumTo(g.mul(out.detach()).div(fb.detach()).neg(), bShape) : null};
            case MAXIMUM, MINIMUM -> {
                // Ties split the gradient evenly, as PyTorch does.
                Tensor ad = fa.detach(), bd = fb.detach();
                Tensor wins = op == Op.MAXIMUM ? ad.gt(bd) : ad.lt(bd);
                Tensor ties = ad.eq(bd).mul(0.5);
                Tensor wa = wins.add(ties), wb = Tensor.ones(wa.shape).sub(wa);
                yield new Tensor[] {ReduceOps.sumTo(g.mul(wa), aShape), ReduceOps.sumTo(g.mul(wb), bShape)};
            }
            default -> throw new IllegalStateException("no gradient for " + op);
        }, fa, fb);
    }

    /** A float 0/1 mask of an elementwise comparison (never part of the graph). */
    static Tensor compare(Op op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase();
        a.checkLive(name);
        b.checkLive(name);
        if (a.dtype == DType.INT64 && b.dtype == DType.INT64) {
            int[] shape = Shape.broadcast(name, a.shape, b.shape);
            long[] la = a.expand(shape).toLongArray(), lb = b.expand(shape).toLongArray();
            float[] out = new float[la.length];
            for (int i = 0; i < out.length; i++) out[i] = test(op, Long.compare(la[i], lb[i])) ? 1f : 0f;
            return Tensor.fresh(out, shape);
        }
        try (var _ = Tensor.noGrad()) {
            return compute(op, name, a.to(DType.FLOAT32).detach(), b.to(DType.FLOAT32).detach());
        }
    }

    private static boolean test(Op op, int cmp) {
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case GT -> cmp > 0;
            case LT -> cmp < 0;
            case GE -> cmp >= 0;
            case LE -> cmp <= 0;
            default -> throw new IllegalStateException(op.name());
        };
    }

    private static Tensor longBinary(Op op, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(op.name().toLowerCase(), a.shape, b.shape);
        long[] la = a.expand(shape).toLongArray(), lb = b.expand(shape).toLongArray();
        long[] out = new long[la.length];
        for (int i = 0; i < out.length; i++)
            out[i] = switch (op) {
                case ADD -> la[i] + lb[i];
                case SUB -> la[i] - lb[i];
                default -> la[i] * lb[i];
            };
        return Tensor.fresh(out, shape);
    }

    /** The forward values, over broadcast strided float inputs, into a fresh contiguous tensor. */
    private static Tensor compute(Op op, String name, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(name, a.shape, b.shape);
        float[] out = BufferPool.uninitialized(Shape.numel(shape));
        var plan = Strided.plan(shape, Shape.contiguousStrides(shape), Strided.broadcastStrides(a, shape),
                Strided.broadcastStrides(b, shape));
        float[] da = a.data, db = b.data;
        int ia = plan.inner1, ib = plan.inner2;
        Strided.run(plan, 0, a.offset, b.offset, (o, pa, pb, len) -> row(op, da, pa, ia, db, pb, ib, out, o, len));
        return Tensor.fresh(out, shape);
    }

    private static void row(Op op, float[] a, int pa, int ia, float[] b, int pb, int ib, float[] out, int o, int len) {
        if (ia == 1 && ib == 1) {
            switch (op) {
                case ADD -> { VectorOps.add(a, pa, b, pb, out, o, len); return; }
                case SUB -> { VectorOps.sub(a, pa, b, pb, out, o, len); return; }
                case MUL -> { VectorOps.mul(a, pa, b, pb, out, o, len); return; }
                case DIV -> { VectorOps.div(a, pa, b, pb, out, o, len); return; }
                default -> { }
            }
        }
        if (ib == 0 && ia == 1) {
            float s = b[pb];
            switch (op) {
                case ADD -> { VectorOps.addScalar(a, pa, s, out, o, len); return; }
                case SUB -> { VectorOps.addScalar(a, pa, -s, out, o, len); return; }
                case MUL -> { VectorOps.mulScalar(a, pa, s, out, o, len); return; }
                default -> { }
            }
        }
        switch (op) {
            case ADD -> { for (int i = 0; i < len; i++, pa += ia, pb += ib) out[o + i] = a[pa] + b[pb]; }
            case SUB -> { for (int i = 0; i < len; i++, pa += ia, pb += ib) out[o + i] = a[pa] - b[pb]; }
            case MUL -> { for (int i = 0; i < len; i++, pa += ia, pb += ib) out[o + i] = a[pa] * b[pb]; }
            case DIV -> { for (int i = 0; i < len; i++, pa += ia, pb += ib) out[o + i] = a[pa] / b[pb]; }
            case MAXIMUM -> { for (int i = 0; i < len; i++, pa += ia, pb += ib) out[o + i] = maximum(a[pa], b[pb]); }
            case MINIMUM -> { for (int i = 0; i < len; i++, pa += ia, pb += ib) out[o + i] = minimum(a[pa], b[pb]); }
            case EQ -> { for (int i = 0; i < len; i++, pa += ia, pb += ib) out[o + i] = a[pa] == b[pb] ? 1f : 0f; }
            case NE -> { for (int i = 0; i < len; i++, pa += ia, pb += ib) out[o + i] = a[pa] != b[pb] ? 1f : 0f; }
            case GT -> { for (int i = 0; i < len; i++, pa += ia, pb += ib) out[o + i] = a[pa] > b[pb] ? 1f : 0f; }
            case LT -> { for (int i = 0; i < len; i++, pa += ia, pb += ib) out[o + i] = a[pa] < b[pb] ? 1f : 0f; }
            case GE -> { for (int i = 0; i < len; i++, pa += ia, pb += ib) out[o + i] = a[pa] >= b[pb] ? 1f : 0f; }
            case LE -> { for (int i = 0; i < len; i++, pa += ia, pb += ib) out[o + i] = a[pa] <= b[pb] ? 1f : 0f; }
        }
    }

    // NaN propagates, as in PyTorch's maximum/minimum.
    private static float maximum(float x, float y) { return x != x || y != y ? Float.NaN : Math.max(x, y); }

    private static float minimum(float x, float y) { return x != x || y != y ? Float.NaN : Math.min(x, y); }

    /** acc += g in place when acc owns contiguous storage of the same shape (gradient accumulation). */
    static Tensor addInPlace(Tensor acc, Tensor g) {
        if (!acc.isContiguous() || !Shape.same(acc.shape, g.shape)) return ViewOps.copy(acc.add(g));
        Tensor gc = g.contiguous();
        VectorOps.add(acc.data, acc.offset, gc.data, gc.offset, acc.data, acc.offset, acc.numel());
        return acc;
    }

    static Tensor where(Tensor condition, Tensor a, Tensor b) {
        Tensor mask;
        try (var _ = Tensor.noGrad()) {
            mask = condition.ne(Tensor.scalar(0));
        }
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", mask.shape, a.shape), b.shape);
        Tensor fa = a.to(DType.FLOAT32), fb = b.to(DType.FLOAT32);
        float[] m = mask.expand(shape).toFloatArray(), va = fa.detach().expand(shape).toFloatArray(),
                vb = fb.detach().expand(shape).toFloatArray();
        float[] out = BufferPool.uninitialized(m.length);
        for (int i = 0; i < out.length; i++) out[i] = m[i] != 0 ? va[i] : vb[i];
        int[] aShape = a.shape.clone(), bShape = b.shape.clone();
        return Node.record("where", Tensor.fresh(out, shape), g -> new Tensor[] {
                null,
                ReduceOps.sumTo(g.mul(mask), aShape),
                ReduceOps.sumTo(g.mul(Tensor.ones(mask.shape).sub(mask)), bShape)}, condition, fa, fb);
    }
}
