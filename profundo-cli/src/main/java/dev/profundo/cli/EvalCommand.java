package dev.profundo.cli;

import dev.profundo.data.DataLoader;
import dev.profundo.kernels.Parallel;
import dev.profundo.train.EvalResult;
import dev.profundo.train.Trainer;
import dev.profundo.vision.data.ImageSet;
import dev.profundo.vision.models.LoadedModel;
import dev.profundo.vision.models.ModelCard;
import dev.profundo.vision.models.Models;
import dev.profundo.vision.transforms.Normalize;
import dev.profundo.vision.transforms.TransformedDataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code profundo eval MODEL}: accuracy, per-class accuracy and confusion matrix on a test set. */
final class EvalCommand implements Command {
    private static final OptionSpec OPTIONS = new OptionSpec()
            .value("dataset", "NAME", "digits, fashion-mnist or folder (default: the dataset the model was trained on)")
            .value("data", "DIR", "folder holding the dataset files")
            .value("batch-size", "B", "images per forward pass (default 500)")
            .value("limit", "N", "evaluate only the first N test images")
            .value("threads", "N", "compute threads (default: all cores)")
            .value("json", "FILE", "also write the figures as JSON");

    @Override public String name() { return "eval"; }

    @Override public String summary() { return "Measure a trained model on a test set: accuracy, per-class accuracy, confusion matrix."; }

    @Override public String usage() { return "profundo eval MODEL [--dataset NAME] [--data DIR] [--json FILE]"; }

    @Override public OptionSpec options() { return OPTIONS; }

    @Override
    public int run(Args a, Console io) {
        List<String> pos = a.positional();
        if (pos.size() != 1) throw new UsageException("eval needs exactly one MODEL file, got " + pos.size() + " arguments; see 'profundo eval --help'");
        if (a.has("threads")) Parallel.setThreads(a.getInt("threads", 1, 1, 4096));
        int batch = a.getInt("batch-size", 500, 1, 1 << 20);
        int limit = a.getInt("limit", 0, 1, Integer.MAX_VALUE);
        Path modelFile = Path.of(pos.getFirst());
        LoadedModel loaded = Models.load(modelFile);
        ModelCard card = loaded.card();
        String datasetName = a.has("dataset") ? a.getChoice("dataset", null, DatasetChoice.NAMES) : card.dataset();
        if (!DatasetChoice.NAMES.contains(datasetName))
            throw new UsageException(modelFile + " was trained on '" + datasetName + "'; pass --dataset " + String.join("|", DatasetChoice.NAMES));
        ImageSet test = DatasetChoice.load(datasetName, a.getPath("data")).data().test();
        if (limit > 0) test = test.head(limit);
        checkFits(card, test, modelFile);

        var loader = new DataLoader(new TransformedDataset(test, new Normalize(card.mean(), card.std()), 0), batch, false);
        EvalResult r = Trainer.evaluate(loaded.model(), loader, card.input().numClasses());
        print(io, card, test, r, modelFile);
        Path json = a.getPath("json");
        if (json != null) JsonFile.write(json, toJson(card, datasetName, modelFile, r));
        return 0;
    }

    /** A model only reads images of its own size and classes: say so instead of failing inside a layer. */
    static void checkFits(ModelCard card, ImageSet data, Path modelFile) {
        var in = card.input();
        if (data.channels() != in.channels() || data.height() != in.height() || data.width() != in.width())
            throw new IllegalArgumentException(modelFile + " expects " + in.shapeText() + " images but " + data.name() + " has "
                    + data.channels() + "x" + data.height() + "x" + data.width() + "; evaluate it on the dataset it was trained on ("
                    + card.dataset() + ")");
        if (data.numClasses() != in.numClasses())
            throw new IllegalArgumentException(modelFile + " predicts " + in.numClasses() + " classes but " + data.name()
                    + " has " + data.numClasses());
    }

    private static void print(Console io, ModelCard card, ImageSet test, EvalResult r, Path modelFile) {
        var out = io.out();
        out.printf(Locale.ROOT, "%s (%s) on %s: %,d images%n", modelFile, card.model(), test.name(), r.samples());
        out.printf(Locale.ROOT, "accuracy %.2f %%  loss %.4f  top-5 %.2f %%%n%n", 100 * r.accuracy(), r.loss(), 100 * r.top5Accuracy());
        List<String> classes = card.classes();
        int w = 5;
        for (String c : classes) w = Math.max(w, c.length());
        double[] per = r.perClassAccuracy();
        out.printf(Locale.ROOT, "%-" + w + "s  accuracy%n", "class");
        for (int c = 0; c < per.length; c++) out.printf(Locale.ROOT, "%-" + w + "s  %6.2f %%%n", classes.get(c), 100 * per[c]);
        out.println();
        out.println("confusion matrix (rows: true class, columns: predicted)");
        long[][] cm = r.confusion();
        int cw = 4;
        for (long[] row : cm) for (long v : row) cw = Math.max(cw, Long.toString(v).length() + 1);
        List<String> rowNames = new ArrayList<>();
        for (int t = 0; t < cm.length; t++)
            rowNames.add(classes.get(t).equals(Integer.toString(t)) ? classes.get(t) : t + " " + classes.get(t));
        int rw = rowNames.stream().mapToInt(String::length).max().orElse(1);
        StringBuilder header = new StringBuilder(" ".repeat(rw));
        for (int c = 0; c < cm.length; c++) header.append(String.format(Locale.ROOT, "%" + cw + "d", c));
        out.println(header);
        for (int t = 0; t < cm.length; t++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + rw + "s", rowNames.get(t)));
            for (long v : cm[t]) line.append(String.format(Locale.ROOT, "%" + cw + "d", v));
            out.println(line);
        }
    }

    private static Map<String, Object> toJson(ModelCard card, String dataset, Path modelFile, EvalResult r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("model_file", modelFile.toString());
        j.put("model", card.model());
        j.put("dataset", dataset);
        j.put("samples", r.samples());
        j.put("accuracy", JsonFile.num(r.accuracy()));
        j.put("loss", JsonFile.num(r.loss()));
        j.put("top5_accuracy", JsonFile.num(r.top5Accuracy()));
        Map<String, Object> per = new LinkedHashMap<>();
        double[] acc = r.perClassAccuracy();
        for (int c = 0; c < acc.length; c++) per.put(card.classes().get(c), JsonFile.num(acc[c]));
        j.put("per_class_accuracy", per);
        j.put("classes", card.classes());
        List<List<Long>> cm = new ArrayList<>();
        for (long[] row : r.confusion()) {
            List<Long> l = new ArrayList<>();
            for (long v : row) l.add(v);
            cm.add(l);
        }
        j.put("confusion", cm);
        return j;
    }
}
