package dev.profundo.tensor;

import dev.profundo.autograd.Engine;
import dev.profundo.autograd.GradMode;
import dev.profundo.autograd.Node;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An n-dimensional array of float32 (or int64) values with PyTorch semantics: row-major storage
 * viewed through a shape, strides and an offset; NumPy broadcasting in elementwise ops; and a
 * define-by-run autograd graph, so {@code loss.backward()} fills {@code grad()} of every leaf that
 * {@linkplain #requiresGrad(boolean) requires grad}.
 *
 * <p>Tensors are immutable from the public API: every op returns a new tensor (views share
 * storage). Optimizers update parameters in place under {@link #noGrad()}.
 */
public final class Tensor {
    private static final AtomicLong IN_PLACE_WRITES = new AtomicLong();

    final DType dtype;
    /** Not final: a tensor whose storage went back to a {@link BufferPool} points at an empty array. */
    float[] data;
    final long[] ldata;
    final int[] shape;
    final int[] strides;
    final int offset;

    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private String name;

    Tensor(float[] data, int[] shape, int[] strides, int offset) {
        this.dtype = DType.FLOAT32;
        this.data = data;
        this.ldata = null;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        BufferPool.register(this);
    }

    Tensor(long[] ldata, int[] shape, int[] strides, int offset) {
        this.dtype = DType.INT64;
        this.data = null;
        this.ldata = ldata;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** A contiguous float tensor over {@code data} (no copy; the caller hands the array over). */
    static Tensor fresh(float[] data, int... shape) {
        return new Tensor(data, shape, Shape.contiguousStrides(shape), 0);
    }

    /** A contiguous int64 tensor over {@code data} (no copy). */
    static Tensor fresh(long[] data, int... shape) {
        return new Tensor(data, shape, Shape.contiguousStrides(shape), 0);
    }

    // ------------------------------------------------------------------ creation

    /** A float32 tensor holding a copy of {@code data} in the given shape. */
    public static Tensor of(float[] data, int... shape) {
        checkFill("Tensor.of", data.length, shape);
        return fresh(data.clone(), shape.clone());
    }

    /** An int64 tensor (labels, indices) holding a copy of {@code data} in the given shape. */
    public static Tensor of(long[] data, int... shape) {
        checkFill("Tensor.of", data.length, shape);
        return fresh(data.clone(), shape.clone());
    }

    /**
     * A float32 tensor that takes ownership of {@code data} without copying: for op and kernel
     * authors who filled the array themselves. The caller must not touch the array afterwards.
     */
    public static Tensor wrap(float[] data, int... shape) {
        checkFill("Tensor.wrap", data.length, shape);
        return fresh(data, shape.clone());
    }

    /** An int64 tensor that takes ownership of {@code data} without copying. */
    public static Tensor wrap(long[] data, int... shape) {
        checkFill("Tensor.wrap", data.length, shape);
        return fresh(data, shape.clone());
    }

    private static void checkFill(String op, int length, int[] shape) {
        int n = Shape.numel(op, shape);
        if (n != length)
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape "
                    + Shape.format(shape) + " (" + n + " elements)");
    }

    /** A zero-dimensional float32 tensor holding one value. */
    public static Tensor scalar(double value) {
        return fresh(new float[] {(float) value});
    }

    /** A float32 tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return fresh(new float[Shape.numel("zeros", shape)], shape.clone());
    }

    /** A float32 tensor of ones. */
    public static Tensor ones(int... shape) {
        return filled("ones", 1.0, shape);
    }

    /** A float32 tensor whose values are unspecified (zeros in this implementation). */
    public static Tensor empty(int... shape) {
        return zeros(shape);
    }

    /** A float32 tensor filled with {@code value}. */
    public static Tensor full(double value, int... shape) {
        return filled("full", value, shape);
    }

    private static Tensor filled(String op, double value, int[] shape) {
        float[] d = new float[Shape.numel(op, shape)];
        java.util.Arrays.fill(d, (float) value);
        return fresh(d, shape.clone());
    }

    /** Zeros with the shape of {@code like}. */
    public static Tensor zerosLike(Tensor like) { return zeros(like.shape); }

    /** Ones with the shape of {@code like}. */
    public static Tensor onesLike(Tensor like) { return ones(like.shape); }

    /** The int64 values {@code start, start+1, …, end-1}. */
    public static Tensor arange(long start, long end) {
        if (end < start) throw new IllegalArgumentException("arange: end " + end + " < start " + start);
        long[] d = new long[Math.toIntExact(end - start)];
        for (int i = 0; i < d.length; i++) d[i] = start + i;
        return fresh(d, d.length);
    }

    /** Uniform random values in [0, 1) from the global seeded generator. */
    public static Tensor rand(int... shape) {
        float[] d = new float[Shape.numel("rand", shape)];
        Generator.fillUniform(d, 0, 1);
        return fresh(d, shape.clone());
    }

    /** Standard normal random values from the global seeded generator. */
    public static Tensor randn(int... shape) {
        float[] d = new float[Shape.numel("randn", shape)];
        Generator.fillNormal(d, 0, 1);
        return fresh(d, shape.clone());
    }

    /** Seeds the global random generator: same seed, same values, run after run. */
    public static void manualSeed(long seed) {
        Generator.manualSeed(seed);
    }

    /** Opens a scope in which no graph is recorded: {@code try (var _ = Tensor.noGrad()) { … }}. */
    public static GradMode.Scope noGrad() {
        return GradMode.noGrad();
    }

    /** Concatenates tensors along an existing dimension. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return ViewOps.cat(tensors, dim);
    }

    /** Stacks equally shaped tensors along a new dimension. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return ViewOps.stack(tensors, dim);
    }

    /** Picks {@code a} where {@code condition} is non-zero and {@code b} elsewhere (all broadcast). */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return BinaryOps.where(condition, a, b);
    }

    // ------------------------------------------------------------------ inspection

    /** A copy of the shape. */
    public int[] shape() { return shape.clone(); }

    /** The size of one dimension (negative dims count from the end). */
    public int size(int dim) {
        if (shape.length == 0)
            throw new IllegalArgumentException("size: a zero-dimensional tensor has no dim " + dim + "; use numel()");
        return shape[Shape.normalizeDim("size", dim, shape.length)];
    }

    /** The number of dimensions. */
    public int dim() { return shape.length; }

    /** The number of elements. */
    public int numel() { return Shape.numel(shape); }

    /** The element type. */
    public DType dtype() { return dtype; }

    /** The value of a one-element tensor. */
    public double item() {
        checkLive("item");
        if (numel() != 1)
            throw new IllegalStateException("item: only a one-element tensor can be converted to a number, "
                    + "but this one has shape " + Shape.format(shape));
        return dtype == DType.FLOAT32 ? data[offset] : ldata[offset];
    }

    /** The value at a multi-index, as a double. */
    public double get(int... index) {
        checkLive("get");
        if (index.length != shape.length)
            throw new IllegalArgumentException("get: " + index.length + " indices for a tensor with " + shape.length + " dims");
        int p = offset;
        for (int i = 0; i < index.length; i++) {
            int ix = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (ix < 0 || ix >= shape[i])
                throw new IndexOutOfBoundsException("get: index " + index[i] + " is out of range for dim " + i + " of size " + shape[i]);
            p += ix * strides[i];
        }
        return dtype == DType.FLOAT32 ? data[p] : ldata[p];
    }

    /** The values in row-major order, as a new float array (int64 values are converted). */
    public float[] toFloatArray() {
        checkLive("toFloatArray");
        if (dtype == DType.INT64) {
            long[] l = toLongArray();
            float[] f = new float[l.length];
            for (int i = 0; i < l.length; i++) f[i] = l[i];
            return f;
        }
        Tensor c = contiguous();
        float[] out = new float[c.numel()];
        System.arraycopy(c.data, c.offset, out, 0, out.length);
        return out;
    }

    /** The values in row-major order, as a new long array (float values are truncated toward zero). */
    public long[] toLongArray() {
        if (dtype == DType.FLOAT32) {
            float[] f = toFloatArray();
            long[] l = new long[f.length];
            for (int i = 0; i < f.length; i++) l[i] = (long) f[i];
            return l;
        }
        Tensor c = contiguous();
        long[] out = new long[c.numel()];
        System.arraycopy(c.ldata, c.offset, out, 0, out.length);
        return out;
    }

    /** This tensor converted to another dtype (a copy; no gradient flows through int64). */
    public Tensor to(DType target) {
        if (target == dtype) return this;
        return target == DType.FLOAT32 ? fresh(toFloatArray(), shape.clone()) : fresh(toLongArray(), shape.clone());
    }

    /** A name used in error messages and summaries (parameters get their state-dict key). */
    public String name() { return name; }

    /** Sets the name shown in messages; returns this tensor. */
    public Tensor name(String newName) {
        this.name = newName;
        return this;
    }

    // ------------------------------------------------------------------ low level (op authors)

    /**
     * The float storage array behind this tensor (shared with its views); null for int64. An op writes only
     * into the storage of tensors it creates; code that writes into an existing tensor (a parameter) must
     * call {@link #markModified()} afterwards.
     */
    public float[] floatStorage() {
        checkLive("floatStorage");
        return data;
    }

    /**
     * Records that this tensor's values were written in place, through {@link #floatStorage()}. Layers keep
     * copies derived from their parameters across calls (at inference a {@code Linear} keeps its weight
     * packed for GEMM) and rebuild them once anything was marked modified since. Optimizers,
     * {@code loadStateDict} and {@code Init} mark what they write; other code that writes into a parameter
     * must call this, or those layers go on computing with the old values.
     */
    public void markModified() {
        IN_PLACE_WRITES.incrementAndGet();
    }

    /**
     * How many in-place writes were {@linkplain #markModified() marked} in this process so far: a derived copy
     * made when this returned w is current while it still returns w.
     */
    public static long inPlaceWrites() {
        return IN_PLACE_WRITES.get();
    }

    /** True when this tensor's storage went back to a {@link BufferPool} at the end of its scope. */
    public boolean isReleased() { return data == BufferPool.RELEASED; }

    /** Drops the graph behind this tensor: called by the {@link BufferPool} scope that created it. */
    void cutHistory() {
        gradFn = null;
    }

    /** Hands the storage back: called by the {@link BufferPool} scope that lent it. */
    void release() {
        data = BufferPool.RELEASED;
        gradFn = null;
        grad = null;
    }

    void checkLive(String op) {
        if (data == BufferPool.RELEASED)
            throw new IllegalStateException(op + ": this tensor " + (name == null ? "" : "('" + name + "') ")
                    + "of shape " + Shape.format(shape) + " was released when the BufferPool scope (training step) "
                    + "that created it closed, and its storage is reused; copy what must outlive the step inside it "
                    + "(item(), toFloatArray(), clone()), or train with TrainerConfig.recycleBuffers(false)");
    }

    /** The long storage array behind this tensor; null for float32. */
    public long[] longStorage() { return ldata; }

    /** Index of element [0, …, 0] in the storage array. */
    public int storageOffset() { return offset; }

    /** A copy of the strides, in elements. */
    public int[] strides() { return strides.clone(); }

    /** True when the elements lie row-major and dense in storage from {@link #storageOffset()}. */
    public boolean isContiguous() {
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != s) return false;
            s *= shape[i];
        }
        return true;
    }

    // ------------------------------------------------------------------ autograd

    /** True when this tensor is a leaf marked to receive gradients or is computed from one. */
    public boolean requiresGrad() { return requiresGrad || gradFn != null; }

    /** Marks a leaf tensor as a parameter that receives gradients; returns this tensor. */
    public Tensor requiresGrad(boolean flag) {
        if (gradFn != null && !flag)
            throw new IllegalStateException("requiresGrad(false): this tensor is computed by '" + gradFn.name()
                    + "'; only leaf tensors can change the flag. Use detach() for a tensor without history.");
        if (flag && dtype != DType.FLOAT32)
            throw new IllegalArgumentException("requiresGrad: only float32 tensors can require gradients, this one is " + dtype);
        this.requiresGrad = flag;
        return this;
    }

    /** The accumulated gradient of a leaf after {@link #backward()}, or null. */
    public Tensor grad() { return grad; }

    /** Replaces the accumulated gradient (null clears it, as {@code zeroGrad} does). */
    public void setGrad(Tensor g) {
        if (g != null && !Shape.same(g.shape, shape))
            throw new IllegalArgumentException("setGrad: gradient shape " + Shape.format(g.shape)
                    + " does not match the tensor's shape " + Shape.format(shape));
        this.grad = g;
    }

    /** The node that computed this tensor, or null for a leaf. */
    public Node gradFn() { return gradFn; }

    /** True for tensors not computed by a recorded op (data and parameters). */
    public boolean isLeaf() { return gradFn == null; }

    /** Used by {@link Node#record}: makes this tensor the output of a recorded op. */
    public void attachGradFn(Node node) {
        if (this.gradFn != null || this.requiresGrad)
            throw new IllegalStateException("attachGradFn: tensor already belongs to the graph");
        this.gradFn = node;
    }

    /** Used by the backward engine: adds {@code g} to this leaf's gradient (copying on first use). */
    public void accumulateGrad(Tensor g) {
        if (!requiresGrad) return;
        if (grad == null) grad = ViewOps.copyToHeap(g);   // outlives the step: never pool storage
        else grad = BinaryOps.addInPlace(grad, g);
    }

    /** Backpropagates from this one-element tensor (a loss). */
    public void backward() {
        checkLive("backward");
        Engine.backward(this, null);
    }

    /** Backpropagates from this tensor given the gradient of the final objective with respect to it. */
    public void backward(Tensor gradient) {
        checkLive("backward");
        Engine.backward(this, gradient);
    }

    /** The same values, cut off from the graph (shares storage). */
    public Tensor detach() {
        return dtype == DType.FLOAT32 ? new Tensor(data, shape, strides, offset) : new Tensor(ldata, shape, strides, offset);
    }

    // ------------------------------------------------------------------ views

    /** The same elements in a new shape; one dim may be -1. A view when possible, else a copy. */
    public Tensor reshape(int... newShape) { return ViewOps.reshape(this, newShape, false); }

    /** Like {@link #reshape} but never copies: fails on a non-contiguous tensor. */
    public Tensor view(int... newShape) { return ViewOps.reshape(this, newShape, true); }

    /** Reorders the dimensions (a view). */
    public Tensor permute(int... dims) { return ViewOps.permute(this, dims); }

    /** Swaps two dimensions (a view). */
    public Tensor transpose(int dim0, int dim1) { return ViewOps.transpose(this, dim0, dim1); }

    /** The transpose of a 2-D tensor. */
    public Tensor t() {
        if (shape.length != 2) throw new IllegalArgumentException("t: expects a 2-D tensor, got shape " + Shape.format(shape));
        return transpose(0, 1);
    }

    /** Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code dim} (a view; negatives count from the end). */
    public Tensor slice(int dim, int start, int end) { return ViewOps.slice(this, dim, start, end); }

    /** Removes a dimension of size 1. */
    public Tensor squeeze(int dim) { return ViewOps.squeeze(this, dim); }

    /** Inserts a dimension of size 1. */
    public Tensor unsqueeze(int dim) { return ViewOps.unsqueeze(this, dim); }

    /** Repeats size-1 dimensions to a larger shape without copying; -1 keeps a size. */
    public Tensor expand(int... newShape) { return ViewOps.expand(this, newShape); }

    /** Flattens the dimensions from {@code startDim} to the end into one. */
    public Tensor flatten(int startDim) { return flatten(startDim, -1); }

    /** Flattens the dimensions from {@code startDim} to {@code endDim} (inclusive) into one. */
    public Tensor flatten(int startDim, int endDim) { return ViewOps.flatten(this, startDim, endDim); }

    /** This tensor if it is contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        checkLive("contiguous");
        return isContiguous() ? this : ViewOps.contiguousCopy(this);
    }

    /**
     * A copy with its own storage, recorded in the graph (the gradient passes straight through). The
     * copy is never {@link BufferPool} storage, so it outlives the scope it was made in.
     */
    @Override
    public Tensor clone() {
        checkLive("clone");
        return ViewOps.heapClone(this);
    }

    // ------------------------------------------------------------------ elementwise math

    /** Elementwise sum, with broadcasting. */
    public Tensor add(Tensor other) { return BinaryOps.binary(BinaryOps.Op.ADD, this, other); }

    /** Adds a number to every element. */
    public Tensor add(double value) { return UnaryOps.addScalar(this, value); }

    /** Elementwise difference, with broadcasting. */
    public Tensor sub(Tensor other) { return BinaryOps.binary(BinaryOps.Op.SUB, this, other); }

    /** Subtracts a number from every element. */
    public Tensor sub(double value) { return UnaryOps.addScalar(this, -value); }

    /** Elementwise product, with broadcasting. */
    public Tensor mul(Tensor other) { return BinaryOps.binary(BinaryOps.Op.MUL, this, other); }

    /** Multiplies every element by a number. */
    public Tensor mul(double value) { return UnaryOps.mulScalar(this, value); }

    /** Elementwise quotient, with broadcasting. */
    public Tensor div(Tensor other) { return BinaryOps.binary(BinaryOps.Op.DIV, this, other); }

    /** Divides every element by a number. */
    public Tensor div(double value) { return UnaryOps.mulScalar(this, 1.0 / value); }

    /** Elementwise larger of two tensors, with broadcasting. */
    public Tensor maximum(Tensor other) { return BinaryOps.binary(BinaryOps.Op.MAXIMUM, this, other); }

    /** Elementwise smaller of two tensors, with broadcasting. */
    public Tensor minimum(Tensor other) { return BinaryOps.binary(BinaryOps.Op.MINIMUM, this, other); }

    /** Negation. */
    public Tensor neg() { return UnaryOps.apply(UnaryOps.Op.NEG, this, 0, 0); }

    /** e to the power of each element. */
    public Tensor exp() { return UnaryOps.apply(UnaryOps.Op.EXP, this, 0, 0); }

    /** Natural logarithm. */
    public Tensor log() { return UnaryOps.apply(UnaryOps.Op.LOG, this, 0, 0); }

    /** Square root. */
    public Tensor sqrt() { return UnaryOps.apply(UnaryOps.Op.SQRT, this, 0, 0); }

    /** Absolute value. */
    public Tensor abs() { return UnaryOps.apply(UnaryOps.Op.ABS, this, 0, 0); }

    /** Each element to a constant power. */
    public Tensor pow(double exponent) { return UnaryOps.apply(UnaryOps.Op.POW, this, exponent, 0); }

    /** Each element squared. */
    public Tensor square() { return UnaryOps.apply(UnaryOps.Op.POW, this, 2, 0); }

    /** Limits each element to [min, max]. */
    public Tensor clamp(double min, double max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " > max " + max);
        return UnaryOps.apply(UnaryOps.Op.CLAMP, this, min, max);
    }

    /** max(x, 0). */
    public Tensor relu() { return UnaryOps.apply(UnaryOps.Op.RELU, this, 0, 0); }

    /** x for x > 0, slope·x otherwise. */
    public Tensor leakyRelu(double negativeSlope) { return UnaryOps.apply(UnaryOps.Op.LEAKY_RELU, this, negativeSlope, 0); }

    /** Gaussian error linear unit (exact, erf-based, as PyTorch's default). */
    public Tensor gelu() { return UnaryOps.apply(UnaryOps.Op.GELU, this, 0, 0); }

    /** x·sigmoid(x) (also called swish). */
    public Tensor silu() { return UnaryOps.apply(UnaryOps.Op.SILU, this, 0, 0); }

    /** 1 / (1 + e^-x). */
    public Tensor sigmoid() { return UnaryOps.apply(UnaryOps.Op.SIGMOID, this, 0, 0); }

    /** Hyperbolic tangent. */
    public Tensor tanh() { return UnaryOps.apply(UnaryOps.Op.TANH, this, 0, 0); }

    /** Softmax along {@code dim}. */
    public Tensor softmax(int dim) { return SoftmaxOps.softmax(this, dim, false); }

    /** Log of the softmax along {@code dim}, computed stably. */
    public Tensor logSoftmax(int dim) { return SoftmaxOps.softmax(this, dim, true); }

    /** Matrix product with PyTorch's rules: 1-D and 2-D operands, and batched with broadcast batch dims. */
    public Tensor matmul(Tensor other) { return MatmulOp.matmul(this, other); }

    // ------------------------------------------------------------------ comparisons (0/1 float masks)

    /** 1 where equal, else 0 (float32, so it can be averaged). */
    public Tensor eq(Tensor other) { return BinaryOps.compare(BinaryOps.Op.EQ, this, other); }

    /** 1 where not equal, else 0. */
    public Tensor ne(Tensor other) { return BinaryOps.compare(BinaryOps.Op.NE, this, other); }

    /** 1 where greater, else 0. */
    public Tensor gt(Tensor other) { return BinaryOps.compare(BinaryOps.Op.GT, this, other); }

    /** 1 where less, else 0. */
    public Tensor lt(Tensor other) { return BinaryOps.compare(BinaryOps.Op.LT, this, other); }

    /** 1 where greater or equal, else 0. */
    public Tensor ge(Tensor other) { return BinaryOps.compare(BinaryOps.Op.GE, this, other); }

    /** 1 where less or equal, else 0. */
    public Tensor le(Tensor other) { return BinaryOps.compare(BinaryOps.Op.LE, this, other); }

    /** Compares with a number: 1 where equal, else 0. */
    public Tensor eq(double v) { return eq(scalar(v)); }

    /** Compares with a number: 1 where greater, else 0. */
    public Tensor gt(double v) { return gt(scalar(v)); }

    /** Compares with a number: 1 where less, else 0. */
    public Tensor lt(double v) { return lt(scalar(v)); }

    /** Compares with a number: 1 where greater or equal, else 0. */
    public Tensor ge(double v) { return ge(scalar(v)); }

    /** Compares with a number: 1 where less or equal, else 0. */
    public Tensor le(double v) { return le(scalar(v)); }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements. */
    public Tensor sum() { return ReduceOps.sumAll(this); }

    /** Sum over one dimension. */
    public Tensor sum(int dim) { return sum(dim, false); }

    /** Sum over one dimension, keeping it as size 1 when {@code keepDim}. */
    public Tensor sum(int dim, boolean keepDim) { return ReduceOps.sum(this, dim, keepDim); }

    /** Mean of all elements. */
    public Tensor mean() { return ReduceOps.sumAll(this).div(Math.max(numel(), 1)); }

    /** Mean over one dimension. */
    public Tensor mean(int dim) { return mean(dim, false); }

    /** Mean over one dimension, keeping it as size 1 when {@code keepDim}. */
    public Tensor mean(int dim, boolean keepDim) {
        int d = Shape.normalizeDim("mean", dim, shape.length);
        return ReduceOps.sum(this, dim, keepDim).div(shape.length == 0 ? 1 : shape[d]);
    }

    /** Largest element. */
    public Tensor max() { return ReduceOps.extremeAll(this, true); }

    /** Largest values along a dimension. */
    public Tensor max(int dim) { return max(dim, false); }

    /** Largest values along a dimension, keeping it as size 1 when {@code keepDim}. */
    public Tensor max(int dim, boolean keepDim) { return ReduceOps.extreme(this, dim, keepDim, true); }

    /** Smallest element. */
    public Tensor min() { return ReduceOps.extremeAll(this, false); }

    /** Smallest values along a dimension. */
    public Tensor min(int dim) { return min(dim, false); }

    /** Smallest values along a dimension, keeping it as size 1 when {@code keepDim}. */
    public Tensor min(int dim, boolean keepDim) { return ReduceOps.extreme(this, dim, keepDim, false); }

    /** Flat index of the largest element (int64 scalar). */
    public Tensor argmax() { return ReduceOps.argAll(this, true); }

    /** Indices of the largest values along a dimension (int64). */
    public Tensor argmax(int dim) { return argmax(dim, false); }

    /** Indices of the largest values along a dimension, keeping it when {@code keepDim}. */
    public Tensor argmax(int dim, boolean keepDim) { return ReduceOps.arg(this, dim, keepDim, true); }

    /** Flat index of the smallest element (int64 scalar). */
    public Tensor argmin() { return ReduceOps.argAll(this, false); }

    /** Indices of the smallest values along a dimension (int64). */
    public Tensor argmin(int dim) { return argmin(dim, false); }

    /** Indices of the smallest values along a dimension, keeping it when {@code keepDim}. */
    public Tensor argmin(int dim, boolean keepDim) { return ReduceOps.arg(this, dim, keepDim, false); }

    /** Unbiased variance of all elements. */
    public Tensor var() { return ReduceOps.variance(this, null, false, true); }

    /** Unbiased variance along a dimension. */
    public Tensor var(int dim) { return var(dim, false); }

    /** Unbiased variance along a dimension, keeping it when {@code keepDim}. */
    public Tensor var(int dim, boolean keepDim) { return ReduceOps.variance(this, dim, keepDim, true); }

    /** Variance along a dimension; {@code unbiased} divides by n-1 (PyTorch's default), else by n. */
    public Tensor var(int dim, boolean keepDim, boolean unbiased) { return ReduceOps.variance(this, dim, keepDim, unbiased); }

    /** Unbiased standard deviation of all elements. */
    public Tensor std() { return var().sqrt(); }

    /** Unbiased standard deviation along a dimension. */
    public Tensor std(int dim) { return var(dim).sqrt(); }

    /** Unbiased standard deviation along a dimension, keeping it when {@code keepDim}. */
    public Tensor std(int dim, boolean keepDim) { return var(dim, keepDim).sqrt(); }

    /** log(sum(exp(x))) of all elements, computed stably. */
    public Tensor logSumExp() { return reshape(-1).logSumExp(0, false); }

    /** log(sum(exp(x))) along a dimension, computed stably. */
    public Tensor logSumExp(int dim) { return logSumExp(dim, false); }

    /** log(sum(exp(x))) along a dimension, keeping it when {@code keepDim}. */
    public Tensor logSumExp(int dim, boolean keepDim) { return ReduceOps.logSumExp(this, dim, keepDim); }

    // ------------------------------------------------------------------ indexing

    /** Picks entries along {@code dim} at the int64 indices of a 1-D tensor. */
    public Tensor indexSelect(int dim, Tensor index) { return IndexOps.indexSelect(this, dim, index); }

    /** Picks one entry along {@code dim} per position of an int64 index tensor of the same rank. */
    public Tensor gather(int dim, Tensor index) { return IndexOps.gather(this, dim, index); }

    /** One-hot float32 encoding of an int64 tensor of class indices, with {@code numClasses} classes. */
    public Tensor oneHot(int numClasses) { return IndexOps.oneHot(this, numClasses); }

    // ------------------------------------------------------------------ text

    /** The values, PyTorch-style: {@code tensor([[1.0000, 2.0000], …], grad_fn=<AddBackward>)}. */
    @Override
    public String toString() {
        if (isReleased()) return "Tensor(released, shape " + Shape.format(shape) + ")";
        return TensorFormat.format(this);
    }
}
