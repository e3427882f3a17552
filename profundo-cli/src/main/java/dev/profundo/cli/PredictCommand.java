package dev.profundo.cli;

import dev.profundo.tensor.Tensor;
import dev.profundo.vision.image.ImagePreprocessor;
import dev.profundo.vision.models.LoadedModel;
import dev.profundo.vision.models.Models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code profundo predict MODEL IMAGE…}: the most likely classes of each image. */
final class PredictCommand implements Command {
    private static final OptionSpec OPTIONS = new OptionSpec()
            .value("top", "K", "how many classes to show per image (default 3)")
            .value("json", "FILE", "also write the predictions as JSON");

    @Override public String name() { return "predict"; }

    @Override public String summary() {
        return "Classify PNG/JPEG images with a trained model. Each image is converted as the model's training images were "
                + "(grayscale, size, polarity, normalisation: all read from the model file).";
    }

    @Override public String usage() { return "profundo predict MODEL IMAGE... [--top K] [--json FILE]"; }

    @Override public OptionSpec options() { return OPTIONS; }

    @Override
    public int run(Args a, Console io) {
        List<String> pos = a.positional();
        if (pos.size() < 2) throw new UsageException("predict needs a MODEL file and at least one IMAGE; see 'profundo predict --help'");
        Path modelFile = Path.of(pos.getFirst());
        LoadedModel loaded = Models.load(modelFile);
        List<String> classes = loaded.card().classes();
        int top = a.getInt("top", 3, 1, classes.size());
        var prep = new ImagePreprocessor(loaded.card());
        // Decode everything first: a bad image fails the command before any output.
        List<Path> files = new ArrayList<>();
        List<Tensor> inputs = new ArrayList<>();
        for (String p : pos.subList(1, pos.size())) {
            files.add(Path.of(p));
            inputs.add(prep.load(Path.of(p)));
        }
        float[] probs;
        try (var _ = Tensor.noGrad()) {
            probs = loaded.model().forward(Tensor.cat(inputs, 0)).softmax(1).toFloatArray();
        }
        List<Object> results = new ArrayList<>();
        int k = classes.size();
        for (int i = 0; i < files.size(); i++) {
            Integer[] order = new Integer[k];
            for (int c = 0; c < k; c++) order[c] = c;
            final int row = i;
            java.util.Arrays.sort(order, (x, y) -> Float.compare(probs[row * k + y], probs[row * k + x]));
            StringBuilder line = new StringBuilder(files.get(i).toString()).append(':');
            List<Object> preds = new ArrayList<>();
            for (int t = 0; t < top; t++) {
                int c = order[t];
                float p = probs[i * k + c];
                line.append(String.format(Locale.ROOT, "%s %s %.1f %%", t == 0 ? "" : ",", classes.get(c), 100 * p));
                Map<String, Object> pred = new LinkedHashMap<>();
                pred.put("class", classes.get(c));
                pred.put("index", c);
                pred.put("probability", (double) p);
                preds.add(pred);
            }
            io.out().println(line);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("image", files.get(i).toString());
            r.put("predictions", preds);
            results.add(r);
        }
        Path json = a.getPath("json");
        if (json != null) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("model_file", modelFile.toString());
            j.put("model", loaded.card().model());
            j.put("results", results);
            JsonFile.write(json, j);
        }
        return 0;
    }
}
