package dev.profundo.tensor;

import dev.profundo.autograd.Node;

import java.util.ArrayList;
import java.util.List;

/** Shape and layout ops: views that share storage (reshape, permute, slice, expand…) and copies (contiguous, cat). */
final class ViewOps {
    private ViewOps() {}

    static Tensor view(Tensor x, int[] shape, int[] strides, int offset) {
        x.checkLive("view");
        return x.dtype == DType.FLOAT32 ? new Tensor(x.data, shape, strides, offset) : new Tensor(x.ldata, shape, strides, offset);
    }

    /** A contiguous copy with its own storage (no graph), from the open {@link BufferPool} scope if any. */
    static Tensor copy(Tensor x) {
        return copy(x, false);
    }

    /** A contiguous copy (no graph) on the heap, never pool storage: for values that outlive a step. */
    static Tensor copyToHeap(Tensor x) {
        return copy(x, true);
    }

    /** {@link #copyToHeap} recorded in the graph: {@code Tensor.clone()}. */
    static Tensor heapClone(Tensor x) {
        return Node.record("clone", copyToHeap(x), g -> new Tensor[] {g}, x);
    }

    private static Tensor copy(Tensor x, boolean heap) {
        int[] shape = x.shape.clone();
        int[] outStrides = Shape.contiguousStrides(shape);
        var plan = Strided.plan(shape, outStrides, x.strides, null);
        if (x.dtype == DType.FLOAT32) {
            int n = Shape.numel(shape);
            float[] out = heap ? new float[n] : BufferPool.uninitialized(n);
            float[] src = x.data;
            Strided.run(plan, 0, x.offset, 0, (o, s, ignored, len) -> {
                int si = plan.inner1;
                if (si == 1) System.arraycopy(src, s, out, o, len);
                else for (int i = 0; i < len; i++, s += si) out[o + i] = src[s];
            });
            return Tensor.fresh(out, shape);
        }
        long[] out = new long[Shape.numel(shape)];
        long[] src = x.ldata;
        Strided.run(plan, 0, x.offset, 0, (o, s, ignored, len) -> {
            for (int i = 0; i < len; i++, s += plan.inner1) out[o + i] = src[s];
        });
        return Tensor.fresh(out, shape);
    }

    static Tensor contiguousCopy(Tensor x) {
        return Node.record("contiguous", copy(x), g -> new Tensor[] {g}, x);
    }

    static int[] resolveShape(String op, int[] requested, int numel) {
        int[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one dimension can be -1, got " + Shape.format(requested));
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + shape[i] + " in " + Shape.format(requested));
            } else {
                known *= shape[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0)
                throw new IllegalArgumentException(op + ": shape " + Shape.format(requested) + " is invalid for input of size " + numel);
            shape[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + Shape.format(requested) + " is invalid for input of size " + numel);
        }
        return shape;
    }

    static Tensor reshape(Tensor x, int[] requested, boolean viewOnly) {
        String op = viewOnly ? "view" : "reshape";
        int[] shape = resolveShape(op, requested, x.numel());
        Tensor src = x;
        if (!x.isContiguous()) {
            if (viewOnly)
                throw new IllegalArgumentException("view: the tensor of shape " + Shape.format(x.shape)
                        + " is not contiguous (after transpose, permute or expand); use reshape() or contiguous().view()");
            src = copy(x);
        }
        Tensor out = view(src, shape, Shape.contiguousStrides(shape), src.offset);
        int[] inShape = x.shape.clone();
        return Node.record(op, out, g -> new Tensor[] {g.reshape(inShape)}, x);
    }

    static Tensor permute(Tensor x, int[] dims) {
        int r = x.shape.length;
        if (dims.length != r)
            throw new IllegalArgumentException("permute: " + dims.length + " dims given for a tensor with " + r + " dims " + Shape.format(x.shape));
        int[] shape = new int[r], strides = new int[r], inverse = new int[r];
        boolean[] used = new boolean[r];
        for (int i = 0; i < r; i++) {
            int d = Shape.normalizeDim("permute", dims[i], r);
            if (used[d]) throw new IllegalArgumentException("permute: dim " + d + " repeats in " + Shape.format(dims));
            used[d] = true;
            shape[i] = x.shape[d];
            strides[i] = x.strides[d];
            inverse[d] = i;
        }
        return Node.record("permute", view(x, shape, strides, x.offset), g -> new Tensor[] {g.permute(inverse)}, x);
    }

    static Tensor transpose(Tensor x, int d0, int d1) {
        int r = x.shape.length;
        int a = Shape.normalizeDim("transpose", d0, r), b = Shape.normalizeDim("transpose", d1, r);
        if (r == 0) return permute(x, new int[0]); // PyTorch accepts dims 0 and -1 of a 0-d tensor
        int[] dims = new int[r];
        for (int i = 0; i < r; i++) dims[i] = i;
        dims[a] = b;
        dims[b] = a;
        return permute(x, dims);
    }

    static Tensor slice(Tensor x, int dim, int start, int end) {
        if (x.shape.length == 0) throw new IllegalArgumentException("slice: a zero-dimensional tensor cannot be sliced");
        int d = Shape.normalizeDim("slice", dim, x.shape.length);
        int n = x.shape[d];
        int s = start < 0 ? Math.max(start + n, 0) : Math.min(start, n);
        int e = end < 0 ? Math.max(end + n, 0) : Math.min(end, n);
        if (e < s) e = s;
        int[] shape = x.shape.clone();
        shape[d] = e - s;
        Tensor out = view(x, shape, x.strides.clone(), x.offset + s * x.strides[d]);
        int[] inShape = x.shape.clone();
        int from = s;
        return Node.record("slice", out, g -> new Tensor[] {sliceBackward(g, inShape, d, from)}, x);
    }

    /** Zeros of the input's shape with {@code g} written into the sliced region. */
    static Tensor sliceBackward(Tensor g, int[] inShape, int dim, int start) {
        Tensor out = Tensor.zeros(inShape);
        Tensor region = view(out, g.shape.clone(), out.strides.clone(), start * out.strides[dim]);
        copyInto(g, region);
        return out;
    }

    /** Copies src into the (possibly strided) float view dst of the same shape. */
    static void copyInto(Tensor src, Tensor dst) {
        var plan = Strided.plan(dst.shape, dst.strides, src.strides, null);
        float[] d = dst.data, s = src.data;
        Strided.run(plan, dst.offset, src.offset, 0, (od, os, ignored, len) -> {
            if (plan.inner0 == 1 && plan.inner1 == 1) System.arraycopy(s, os, d, od, len);
            else for (int i = 0; i < len; i++, od += plan.inner0, os += plan.inner1) d[od] = s[os];
        });
    }

    static Tensor squeeze(Tensor x, int dim) {
        int d = Shape.normalizeDim("squeeze", dim, x.shape.length);
        if (x.shape.length == 0 || x.shape[d] != 1) return x; // PyTorch: squeezing a non-1 dim is a no-op
        int r = x.shape.length;
        int[] shape = new int[r - 1], strides = new int[r - 1];
        for (int i = 0, j = 0; i < r; i++) {
            if (i == d) continue;
            shape[j] = x.shape[i];
            strides[j++] = x.strides[i];
        }
        int[] inShape = x.shape.clone();
        return Node.record("squeeze", view(x, shape, strides, x.offset), g -> new Tensor[] {g.reshape(inShape)}, x);
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int r = x.shape.length;
        int d = Shape.normalizeDim("unsqueeze", dim, r + 1);
        int[] shape = new int[r + 1], strides = new int[r + 1];
        for (int i = 0, j = 0; i <= r; i++) {
            if (i == d) {
                shape[i] = 1;
                strides[i] = i < r ? x.strides[j] * x.shape[j] : 1;
            } else {
                shape[i] = x.shape[j];
                strides[i] = x.strides[j++];
            }
        }
        int[] inShape = x.shape.clone();
        return Node.record("unsqueeze", view(x, shape, strides, x.offset), g -> new Tensor[] {g.reshape(inShape)}, x);
    }

    static Tensor expand(Tensor x, int[] requested) {
        int r = requested.length, xr = x.shape.length;
        if (r < xr)
            throw new IllegalArgumentException("expand: target " + Shape.format(requested) + " has fewer dims than the tensor " + Shape.format(x.shape));
        int[] shape = new int[r], strides = new int[r];
        for (int i = 0; i < r; i++) {
            int xi = i - (r - xr);
            int size = xi >= 0 ? x.shape[xi] : 1;
            int want = requested[i] == -1 ? size : requested[i];
            if (requested[i] < -1)
                throw new IllegalArgumentException("expand: invalid size " + requested[i] + " in " + Shape.format(requested));
            if (xi < 0 && requested[i] == -1)
                throw new IllegalArgumentException("expand: -1 is not allowed for the new leading dim " + i);
            if (size != want && size != 1)
                throw new IllegalArgumentException("expand: cannot expand " + Shape.format(x.shape) + " to " + Shape.format(requested)
                        + " (dim " + i + ": " + size + " to " + want + "; only size-1 dims can grow)");
            shape[i] = want;
            strides[i] = xi < 0 || (size == 1 && want != 1) ? 0 : x.strides[xi];
        }
        int[] inShape = x.shape.clone();
        return Node.record("expand", view(x, shape, strides, x.offset), g -> new Tensor[] {ReduceOps.sumTo(g, inShape)}, x);
    }

    static Tensor flatten(Tensor x, int startDim, int endDim) {
        int r = x.shape.length;
        if (r == 0) return x.reshape(1);
        int s = Shape.normalizeDim("flatten", startDim, r), e = Shape.normalizeDim("flatten", endDim, r);
        if (s > e) throw new IllegalArgumentException("flatten: startDim " + startDim + " comes after endDim " + endDim);
        int[] shape = new int[r - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) shape[k++] = x.shape[i];
        int m = 1;
        for (int i = s; i <= e; i++) m *= x.shape[i];
        shape[k++] = m;
        for (int i = e + 1; i < r; i++) shape[k++] = x.shape[i];
        return reshape(x, shape, false);
    }

    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("cat: expects a non-empty list of tensors");
        Tensor first = tensors.get(0);
        int r = first.shape.length;
        if (r == 0) throw new IllegalArgumentException("cat: zero-dimensional tensors cannot be concatenated; use stack");
        int d = Shape.normalizeDim("cat", dim, r);
        int total = 0;
        for (int t = 0; t < tensors.size(); t++) {
            Tensor x = tensors.get(t);
            if (x.dtype != first.dtype)
                throw new IllegalArgumentException("cat: tensor " + t + " is " + x.dtype + " but tensor 0 is " + first.dtype);
            boolean ok = x.shape.length == r;
            for (int i = 0; ok && i < r; i++) if (i != d && x.shape[i] != first.shape[i]) ok = false;
            if (!ok)
                throw new IllegalArgumentException("cat: tensor " + t + " has shape " + Shape.format(x.shape) + " but tensor 0 has "
                        + Shape.format(first.shape) + "; all sizes except dim " + d + " must match");
            total += x.shape[d];
        }
        int[] shape = first.shape.clone();
        shape[d] = total;
        Tensor out = first.dtype == DType.FLOAT32 ? Tensor.zeros(shape) : Tensor.fresh(new long[Shape.numel(shape)], shape);
        int at = 0;
        int[] starts = new int[tensors.size()];
        for (int t = 0; t < tensors.size(); t++) {
            Tensor x = tensors.get(t);
            starts[t] = at;
            Tensor region = view(out, x.shape.clone(), out.strides.clone(), at * out.strides[d]);
            if (x.dtype == DType.FLOAT32) copyInto(x, region);
            else copyLongInto(x, region);
            at += x.shape[d];
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        return Node.record("cat", out, g -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int t = 0; t < inputs.length; t++) grads[t] = g.slice(d, starts[t], starts[t] + inputs[t].shape[d]);
            return grads;
        }, inputs);
    }

    private static void copyLongInto(Tensor src, Tensor dst) {
        var plan = Strided.plan(dst.shape, dst.strides, src.strides, null);
        long[] d = dst.ldata, s = src.ldata;
        Strided.run(plan, dst.offset, src.offset, 0, (od, os, ignored, len) -> {
            for (int i = 0; i < len; i++, od += plan.inner0, os += plan.inner1) d[od] = s[os];
        });
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack: expects a non-empty list of tensors");
        int r = tensors.get(0).shape.length;
        int d = Shape.normalizeDim("stack", dim, r + 1);
        List<Tensor> expanded = new ArrayList<>(tensors.size());
        for (int t = 0; t < tensors.size(); t++) {
            Tensor x = tensors.get(t);
            if (!Shape.same(x.shape, tensors.get(0).shape))
                throw new IllegalArgumentException("stack: tensor " + t + " has shape " + Shape.format(x.shape)
                        + " but tensor 0 has " + Shape.format(tensors.get(0).shape) + "; stack needs equal shapes");
            expanded.add(x.unsqueeze(d));
        }
        return cat(expanded, d);
    }
}
