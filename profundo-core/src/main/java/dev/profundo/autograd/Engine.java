package dev.profundo.autograd;

import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backward engine: walks the graph behind a tensor in reverse topological order, applies each
 * node's backward rule and accumulates {@code .grad} on leaves that require it. The graph is freed
 * afterwards, as in PyTorch.
 */
public final class Engine {
    private Engine() {}

    /** Backpropagates from {@code root}; {@code gradient} may be null for a one-element root. */
    public static void backward(Tensor root, Tensor gradient) {
        if (!root.requiresGrad())
            throw new IllegalStateException("backward: this tensor does not require grad and has no grad_fn; "
                    + "call requiresGrad(true) on the leaf tensors (parameters) it is computed from, "
                    + "and make sure it was not computed inside Tensor.noGrad()");
        if (gradient == null) {
            if (root.numel() != 1)
                throw new IllegalArgumentException("backward: a gradient can be created implicitly only for a "
                        + "one-element output, but this tensor has shape " + Shape.format(root.shape())
                        + "; reduce it first (sum() or mean()) or pass backward(gradient)");
            gradient = Tensor.ones(root.shape());
        } else if (!Shape.same(gradient.shape(), root.shape())) {
            throw new IllegalArgumentException("backward: gradient shape " + Shape.format(gradient.shape())
                    + " does not match the tensor's shape " + Shape.format(root.shape()));
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, gradient);
        try (var _ = GradMode.noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                if (g == null) continue;
                Node node = t.gradFn();
                if (node == null) {
                    t.accumulateGrad(g);
                    continue;
                }
                Tensor[] inputs = node.inputsUnsafe();
                Tensor[] inputGrads = node.apply(g);
                for (int j = 0; j < inputs.length; j++) {
                    Tensor in = inputs[j];
                    Tensor ig = inputGrads[j];
                    if (in == null || ig == null || !in.requiresGrad()) continue;
                    if (!Shape.same(ig.shape(), in.shape()))
                        throw new IllegalStateException("backward of '" + node.name() + "' produced a gradient of shape "
                                + Shape.format(ig.shape()) + " for input " + j + " of shape " + Shape.format(in.shape()));
                    Tensor prev = grads.get(in);
                    grads.put(in, prev == null ? ig : prev.add(ig));
                }
                node.release();
            }
        }
    }

    /** Tensors reachable from root through grad_fn edges, inputs before outputs. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        // Iterative post-order DFS: deep graphs (long RNN unrolls) must not overflow the stack.
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node node = t.gradFn();
            Tensor[] inputs = node == null ? null : node.inputsUnsafe();
            if (node != null && inputs == null)
                throw new IllegalStateException("backward: trying to go through the graph of '" + node.name()
                        + "' a second time; its intermediate values were freed by the first backward(). "
                        + "Recompute the forward pass before calling backward() again.");
            if (inputs != null && next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in != null && in.requiresGrad() && seen.put(in, Boolean.TRUE) == null)
                    stack.push(new Object[] {in, 0});
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
