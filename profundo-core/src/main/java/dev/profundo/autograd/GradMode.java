package dev.profundo.autograd;

/**
 * Whether ops record the graph for backpropagation, per thread. {@code Tensor.noGrad()} opens a
 * scope in which recording is off (inference, optimizer updates, the backward pass itself).
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    /** True when ops on this thread record the graph. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Turns recording off until the returned scope is closed; scopes nest. */
    public static Scope noGrad() {
        return set(false);
    }

    /** Turns recording on until the returned scope is closed (inside a no-grad region). */
    public static Scope enableGrad() {
        return set(true);
    }

    private static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return new Scope(flag, previous);
    }

    /** A scope that restores the previous grad mode when closed. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] flag;
        private final boolean previous;
        private boolean closed;

        private Scope(boolean[] flag, boolean previous) {
            this.flag = flag;
            this.previous = previous;
        }

        /** Restores the grad mode that was in force when this scope opened. */
        @Override
        public void close() {
            if (!closed) {
                flag[0] = previous;
                closed = true;
            }
        }
    }
}
