package dev.profundo.nn;

import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds the text of {@link Layer#summary}: a table of leaf layers, output shapes and parameter counts. */
final class Summary {
    private Summary() {}

    static String of(Layer model, int[] inputShape) {
        record Row(String name, String type, String shape, long params) {}
        List<Row> rows = new ArrayList<>();
        List<AutoCloseable> handles = new ArrayList<>();
        for (var e : model.namedLayers().entrySet()) {
            Layer l = e.getValue();
            if (!l.namedChildren().isEmpty()) continue;
            String name = e.getKey().isEmpty() ? "(model)" : e.getKey();
            long own = 0;
            for (Tensor p : l.parameters()) own += p.numel();
            long count = own;
            handles.add(l.addForwardHook((layer, out) ->
                    rows.add(new Row(name, layer.describe(), Shape.format(out.shape()), count))));
        }
        boolean wasTraining = model.isTraining();
        Tensor out;
        try (var _ = Tensor.noGrad()) {
            model.eval();
            out = model.call(Tensor.zeros(inputShape));
        } finally {
            model.train(wasTraining);
            for (AutoCloseable h : handles) {
                try { h.close(); } catch (Exception ignored) { /* removing a hook cannot fail */ }
            }
        }
        if (rows.isEmpty()) rows.add(new Row("(model)", model.describe(), Shape.format(out.shape()), model.parameterCount()));
        int w1 = "Layer".length(), w2 = "Output shape".length();
        for (Row r : rows) {
            w1 = Math.max(w1, r.name.length() + 1 + r.type.length() + 2);
            w2 = Math.max(w2, r.shape.length());
        }
        String fmt = "%-" + w1 + "s  %-" + w2 + "s  %,12d%n";
        StringBuilder sb = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-" + w1 + "s  %-" + w2 + "s  %12s%n", "Layer", "Output shape", "Params");
        String rule = "-".repeat(header.length() - 1) + "\n";
        sb.append(rule).append(header).append(rule);
        sb.append(String.format(Locale.ROOT, "%-" + w1 + "s  %-" + w2 + "s  %12s%n", "input", Shape.format(inputShape), ""));
        for (Row r : rows) sb.append(String.format(Locale.ROOT, fmt, r.name + " " + r.type + "", r.shape, r.params));
        sb.append(rule);
        sb.append(String.format(Locale.ROOT, "Total parameters: %,d%n", model.parameterCount()));
        return sb.toString();
    }
}
