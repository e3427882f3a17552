package dev.profundo.autograd;

import dev.profundo.tensor.Tensor;

/**
 * One recorded op in the define-by-run graph: its name, its inputs and its backward rule. Op authors
 * create nodes with {@link #record}; the {@link Engine} walks them in reverse during backward.
 */
public final class Node {
    private final String name;
    private Tensor[] inputs;
    private BackwardFunction backward;

    private Node(String name, Tensor[] inputs, BackwardFunction backward) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
    }

    /**
     * Attaches a backward rule to {@code output} when grad mode is on and some input requires grad;
     * returns {@code output} either way. This is how every differentiable op (built-in or a user's
     * custom op) joins the graph.
     */
    public static Tensor record(String name, Tensor output, BackwardFunction backward, Tensor... inputs) {
        if (!GradMode.isEnabled()) return output;
        boolean any = false;
        for (Tensor t : inputs) if (t != null && t.requiresGrad()) { any = true; break; }
        if (!any) return output;
        output.attachGradFn(new Node(name, inputs.clone(), backward));
        return output;
    }

    /** The op's name, e.g. {@code "matmul"}. */
    public String name() { return name; }

    /** The op's inputs (empty once the graph has been freed by a backward pass). */
    public Tensor[] inputs() {
        return inputs == null ? new Tensor[0] : inputs.clone();
    }

    /** True once a backward pass has freed this node. */
    public boolean isReleased() { return inputs == null; }

    Tensor[] inputsUnsafe() { return inputs; }

    Tensor[] apply(Tensor gradOutput) {
        if (inputs == null)
            throw new IllegalStateException("backward: trying to go through the graph of '" + name
                    + "' a second time; its intermediate values were freed by the first backward(). "
                    + "Recompute the forward pass before calling backward() again.");
        Tensor[] grads = backward.apply(gradOutput);
        if (grads.length != inputs.length)
            throw new IllegalStateException("backward of '" + name + "' returned " + grads.length
                    + " gradients for " + inputs.length + " inputs");
        return grads;
    }

    void release() {
        inputs = null;
        backward = null;
    }

    /** PyTorch-style node name, e.g. {@code MulBackward} for op {@code mul}. */
    @Override
    public String toString() {
        return name.isEmpty() ? "Backward" : Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Backward";
    }
}
