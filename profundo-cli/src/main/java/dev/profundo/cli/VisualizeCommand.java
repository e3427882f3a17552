package dev.profundo.cli;

import dev.profundo.io.Safetensors;
import dev.profundo.kernels.Parallel;
import dev.profundo.nn.Layer;
import dev.profundo.tensor.Tensor;
import dev.profundo.vision.data.ImageSet;
import dev.profundo.vision.models.LoadedModel;
import dev.profundo.vision.models.Models;
import dev.profundo.vision.viz.ModelReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code profundo visualize MODEL}: pictures of what a trained vision model learned (filters and
 * their orientation selectivity against initialisation, receptive fields, activation maps,
 * saliency, Grad-CAM, the dataset view and training curves), as PNG files and one self-contained
 * {@code report.html}. Not yet a {@link Command}: {@link Main} can register it through {@link #run(Args, Console)}.
 */
public final class VisualizeCommand {
    private static final OptionSpec OPTIONS = new OptionSpec()
            .value("out", "DIR", "folder for the PNG files and report.html (required)")
            .value("input", "IMAGE", "image file(s) to explain; more may follow as extra arguments (default: one test image per class)")
            .value("dataset", "NAME", "digits or fashion-mnist test set for the dataset view (default: the model's own)")
            .value("data", "DIR", "folder holding the dataset files")
            .value("limit", "N", "use only the first N test images (default: all)")
            .value("metrics", "FILE", "the run's metrics.jsonl for training curves (default: next to MODEL)")
            .flag("no-dataset", "skip everything that needs a dataset (top patches, dataset view)")
            .value("threads", "N", "compute threads (default: all cores)")
            .value("json", "FILE", "also write the figures (OSI, accuracy, receptive fields) as JSON");

    private VisualizeCommand() {}

    /** The command name. */
    public static String name() { return "visualize"; }

    /** One line for the command list. */
    public static String summary() {
        return "See inside a trained model: filters, edge-detector check, activations, saliency, Grad-CAM, dataset view, report.html.";
    }

    /** The usage line. */
    public static String usage() {
        return "profundo visualize MODEL [--input IMAGE...] [--dataset digits|fashion-mnist] [--data DIR] --out DIR [--json FILE] [--limit N]";
    }

    /** The options it accepts. */
    public static OptionSpec options() { return OPTIONS; }

    /** Runs the command line (without the leading {@code visualize}) on the standard streams; returns the exit code. */
    public static int run(String[] args) {
        var io = new Console(System.out, System.err);
        var spec = new OptionSpec();
        OPTIONS.all().forEach(o -> {
            if (o.takesValue()) spec.value(o.name(), o.valueName(), o.help());
            else spec.flag(o.name(), o.help());
        });
        spec.flag("help", "show this help");
        try {
            Args a = Args.parse(name(), spec, Arrays.asList(args), false);
            if (a.has("help")) {
                io.out().print("Usage: " + usage() + "\n\n" + summary() + "\n\nOptions:\n" + OPTIONS.helpText());
                return Main.OK;
            }
            return run(a, io);
        } catch (UsageException e) {
            io.err().println("profundo: " + e.getMessage());
            return Main.USAGE;
        } catch (RuntimeException e) {
            io.err().println("profundo: " + e.getMessage());
            return Main.FAILURE;
        }
    }

    /**
     * Runs the command with parsed arguments; returns the exit code.
     *
     * @throws UsageException for a bad command line; other runtime exceptions mean failure
     */
    public static int run(Args a, Console io) {
        List<String> pos = a.positional();
        if (pos.isEmpty()) throw new UsageException("visualize needs a MODEL file; see 'profundo visualize --help'");
        Path out = a.getPath("out");
        if (out == null) throw new UsageException("visualize needs --out DIR for the images and report.html");
        if (Files.exists(out) && !Files.isDirectory(out)) throw new UsageException("--out " + out + " exists and is not a folder");
        if (a.has("threads")) Parallel.setThreads(a.getInt("threads", 1, 1, 4096));
        int limit = a.getInt("limit", 0, 1, Integer.MAX_VALUE);
        Path modelFile = Path.of(pos.getFirst());
        List<Path> inputs = new ArrayList<>();
        if (a.has("input")) inputs.add(a.getPath("input"));
        for (String extra : pos.subList(1, pos.size())) inputs.add(Path.of(extra));
        for (Path p : inputs) if (!Files.isRegularFile(p)) throw new IllegalArgumentException(p + ": input image not found");

        LoadedModel loaded = Models.load(modelFile);
        var card = loaded.card();
        ImageSet test = null;
        if (!a.has("no-dataset")) {
            String ds = a.has("dataset") ? a.getChoice("dataset", null, List.of("digits", "fashion-mnist")) : card.dataset();
            if (!List.of("digits", "fashion-mnist", "folder").contains(ds))
                throw new UsageException(modelFile + " was trained on '" + ds + "'; pass --dataset digits|fashion-mnist or --no-dataset");
            test = DatasetChoice.load(ds, a.getPath("data")).data().test();
            if (limit > 0) test = test.head(limit);
            EvalCommand.checkFits(card, test, modelFile);
        }
        Path metrics = a.getPath("metrics");
        if (metrics == null) {
            Path parent = modelFile.toAbsolutePath().getParent();
            if (parent != null && Files.isRegularFile(parent.resolve("metrics.jsonl"))) metrics = parent.resolve("metrics.jsonl");
        } else if (!Files.isRegularFile(metrics)) {
            throw new IllegalArgumentException("--metrics " + metrics + ": file not found");
        }
        Layer init = initialModel(modelFile, card);
        io.out().println("Visualizing " + modelFile + " (" + card.model() + " on " + card.dataset() + ") -> " + out);
        var result = ModelReport.write(new ModelReport.Request(loaded, init, test, inputs, metrics, out, io.out()));
        io.out().println("Wrote " + result.images().size() + " images and " + result.html());
        Path json = a.getPath("json");
        if (json != null) JsonFile.write(json, result.summary());
        return Main.OK;
    }

    /** The model as it was before training: same architecture, same seed, so the same initial weights. */
    private static Layer initialModel(Path modelFile, dev.profundo.vision.models.ModelCard card) {
        Map<String, String> meta = Safetensors.metadata(modelFile);
        long seed;
        try {
            seed = Long.parseLong(meta.getOrDefault("train.seed", "42"));
        } catch (NumberFormatException e) {
            seed = 42;
        }
        long saved = dev.profundo.tensor.Generator.getState();
        try {
            Tensor.manualSeed(seed);
            return Models.create(card.model(), card.input(), card.options()).eval();
        } finally {
            dev.profundo.tensor.Generator.setState(saved);
        }
    }
}
