package dev.profundo.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/** The per-parameter optimizer state: how many updates it received and its named float buffers. */
final class ParamState {
    /** Number of updates applied to this parameter (PyTorch's per-parameter {@code step}). */
    long step;

    /** Buffers such as {@code exp_avg}, each with the parameter's element count, in creation order. */
    final Map<String, float[]> buffers = new LinkedHashMap<>(4);
}
