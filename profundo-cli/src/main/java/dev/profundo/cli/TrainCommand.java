package dev.profundo.cli;

import dev.profundo.data.DataLoader;
import dev.profundo.io.Safetensors;
import dev.profundo.kernels.Parallel;
import dev.profundo.nn.F;
import dev.profundo.nn.Layer;
import dev.profundo.optim.Adam;
import dev.profundo.optim.AdamW;
import dev.profundo.optim.CosineAnnealingLR;
import dev.profundo.optim.LRScheduler;
import dev.profundo.optim.OneCycleLR;
import dev.profundo.optim.Optimizer;
import dev.profundo.optim.SGD;
import dev.profundo.optim.StepLR;
import dev.profundo.tensor.Tensor;
import dev.profundo.train.EpochStats;
import dev.profundo.train.FitResult;
import dev.profundo.train.Progress;
import dev.profundo.train.Trainer;
import dev.profundo.vision.dashboard.Dashboard;
import dev.profundo.vision.data.ImageSet;
import dev.profundo.vision.data.TrainTest;
import dev.profundo.vision.models.InputSpec;
import dev.profundo.vision.models.ModelCard;
import dev.profundo.vision.models.Models;
import dev.profundo.vision.transforms.BatchTransform;
import dev.profundo.vision.transforms.Normalize;
import dev.profundo.vision.transforms.RandomCrop;
import dev.profundo.vision.transforms.RandomErasing;
import dev.profundo.vision.transforms.RandomHorizontalFlip;
import dev.profundo.vision.transforms.TransformedDataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code profundo train}: trains an image classifier and writes a run folder. */
final class TrainCommand implements Command {
    private static final OptionSpec OPTIONS = new OptionSpec()
            .value("dataset", "NAME", "digits (built in, default), fashion-mnist, or folder (with --data DIR)")
            .value("model", "NAME", "mlp, cnn (default) or resnet")
            .value("epochs", "N", "passes over the training set (digits 15, resnet 9 (about 14.5 min here), otherwise 5)")
            .value("batch-size", "B", "images per step (digits 32, otherwise 128)")
            .value("lr", "X", "learning rate (adam/adamw 1e-3, resnet 3e-3, sgd 0.05); the peak for onecycle")
            .value("optimizer", "NAME", "sgd (Nesterov momentum 0.9), adam (default) or adamw (resnet default)")
            .value("weight-decay", "X", "weight decay: SGD's L2 penalty (default 5e-4), AdamW's decoupled decay (default 0.05), Adam's L2 penalty (default 0)")
            .value("schedule", "NAME", "cosine (default), onecycle (resnet default), none (default on digits) or step (x0.1 at 1/3 and 2/3)")
            .flag("augment", "random crop (pad 2), horizontal flip and random erasing (digits: 1-pixel shifts only)")
            .flag("crop", "random shifts of up to 2 pixels (crops of the image padded by 2); combines with --flip; the resnet's default")
            .flag("no-crop", "no random shifts (turns off the resnet's default --crop)")
            .flag("flip", "random horizontal flips; with --crop, a lighter --augment (no erasing) for short runs that overfit")
            .value("label-smoothing", "X", "cross-entropy label smoothing in [0, 1), as PyTorch's label_smoothing (default 0)")
            .value("seed", "S", "random seed for weights, shuffling and augmentation (default 42)")
            .value("data", "DIR", "folder holding the dataset files (Fashion-MNIST IDX files, or an image folder)")
            .value("out", "DIR", "run folder to create (default runs/<date-time>)")
            .value("resume", "FILE", "continue a run from its last.safetensors (settings default to the run's)")
            .value("threads", "N", "compute threads (default: all cores)")
            .value("json", "FILE", "also write the final figures as JSON")
            .value("limit", "N", "quick runs: only the first N training images and the first N/6 test images")
            .value("dashboard", "PORT", "serve a live training dashboard on http://127.0.0.1:PORT (0 picks a free port)");

    @Override public String name() { return "train"; }

    @Override public String summary() {
        return "Train an image classifier. With no options: the CNN on the built-in UCI 8x8 digits (seconds, >= 98 % held out).";
    }

    @Override public String usage() { return "profundo train [--dataset digits|fashion-mnist|folder] [--model mlp|cnn|resnet] [options]"; }

    @Override public OptionSpec options() { return OPTIONS; }

    @Override
    public int run(Args a, Console io) {
        if (!a.positional().isEmpty())
            throw new UsageException("train takes no positional arguments, got '" + a.positional().getFirst() + "'; see 'profundo train --help'");
        Path resume = a.getPath("resume");
        Map<String, String> stored = Map.of();
        if (resume != null) {
            if (!Files.isRegularFile(resume)) throw new IllegalArgumentException(resume + ": checkpoint to resume not found");
            stored = Safetensors.metadata(resume);
        }
        TrainSettings s = TrainSettings.resolve(a, stored);
        if (a.has("threads")) Parallel.setThreads(a.getInt("threads", 1, 1, 4096));
        Path out = outDir(a, resume);
        Path json = a.getPath("json");

        DatasetChoice ds = DatasetChoice.load(s.dataset(), s.data());
        TrainTest data = s.limit() > 0 ? ds.data().limit(s.limit(), Math.max(1, s.limit() / 6)) : ds.data();
        ImageSet train = data.train();
        var input = new InputSpec(train.channels(), train.height(), train.width(), train.numClasses());
        // A resumed run rebuilds the architecture its checkpoint names (a resnet from before the pooled default stays strided).
        Map<String, String> modelOptions = resume != null ? ModelCard.fromMetadata(stored, resume.toString()).options()
                : Models.cardOptions(s.model(), Map.of());
        Tensor.manualSeed(s.seed());
        Layer model = Models.create(s.model(), input, modelOptions);
        var card = new ModelCard(s.model(), input, train.classes(), train.mean(), train.std(), ds.name(),
                ds.darkBackground(), modelOptions);
        var normalize = new Normalize(card.mean(), card.std());
        BatchTransform pipeline = trainTransform(s, ds).andThen(normalize);
        // Shuffling draws from the global generator, which a checkpoint saves: a resumed run repeats it exactly.
        var trainLoader = new DataLoader(new TransformedDataset(train, pipeline, s.seed()), s.batchSize(), true).prefetch(2);
        // The test batches match the training batches, so evaluation reuses the arrays the training steps
        // recycle. With 500-image test batches the pool held a second, larger set: the 5-epoch Fashion-MNIST
        // CNN run peaked at 782 MB RSS, against 511 MB with test batches of 128 (same accuracy, 91.25 %).
        var testLoader = new DataLoader(new TransformedDataset(data.test(), normalize, 0), s.batchSize(), false);

        Optimizer opt = optimizer(s, model);
        LRScheduler schedule = schedule(s, opt, trainLoader.size());
        Map<String, String> meta = new LinkedHashMap<>(card.toMetadata());
        meta.putAll(s.toMetadata());
        var builder = Trainer.builder(model, opt).epochs(s.epochs()).runDir(out).metadata(meta)
                .progress(io.out() == System.out ? Progress.auto() : Progress.lines(io.out()));
        if (schedule != null) builder.scheduler(schedule).schedulePerBatch(!s.schedule().equals("step"));
        if (s.labelSmoothing() > 0) {
            double eps = s.labelSmoothing();
            builder.loss((logits, labels) -> F.crossEntropy(logits, labels, eps));
        }
        Dashboard dashboard = null;
        if (a.has("dashboard")) {
            dashboard = Dashboard.start(a.getInt("dashboard", 0, 0, 65535)).expectEpochs(s.epochs());
            builder.callback(dashboard);
            io.out().println("Dashboard: " + dashboard.uri() + " (live while training runs)");
        }
        Trainer trainer = builder.build();
        if (resume != null) {
            trainer.resume(resume);
            if (trainer.completedEpochs() >= s.epochs())
                throw new UsageException(resume + " already completed " + trainer.completedEpochs() + " epochs; pass --epochs N with N > "
                        + trainer.completedEpochs() + " to train further");
        }

        io.out().printf(Locale.ROOT, "Training %s (%,d parameters) on %s: %,d train / %,d test images of %s, %d classes%n",
                s.model(), model.parameterCount(), ds.name(), train.size(), data.test().size(), input.shapeText(), input.numClasses());
        io.out().printf(Locale.ROOT, "%s lr %s%s, batch %d, %d epochs, schedule %s%s%s, seed %d, %d threads -> %s%n",
                s.optimizer(), fmt(s.lr()), s.weightDecay() > 0 ? ", weight decay " + fmt(s.weightDecay()) : "", s.batchSize(), s.epochs(), s.schedule(), augmentationText(s),
                s.labelSmoothing() > 0 ? ", label smoothing " + fmt(s.labelSmoothing()) : "", s.seed(), Parallel.threads(), out);
        if (resume != null) io.out().println("Resuming after epoch " + trainer.completedEpochs() + " from " + resume);

        FitResult r;
        try {
            r = trainer.fit(trainLoader, testLoader);
        } finally {
            if (dashboard != null) dashboard.close();
        }
        EpochStats best = bestEpoch(r);
        Path modelFile = out.resolve("model.safetensors");
        io.out().printf(Locale.ROOT, "Test accuracy %.2f %% (best epoch %d of %d), test loss %.4f, %.1f s, %,.0f img/s%n",
                100 * best.testAccuracy(), best.epoch(), best.epochs(), best.testLoss(), r.trainSeconds(), r.imagesPerSecond());
        io.out().println("Model saved to " + modelFile + "; try: profundo predict " + modelFile + " IMAGE.png");
        if (json != null) JsonFile.write(json, figures(s, ds, train, data, model, r, best, out));
        return 0;
    }

    /** The figures of {@code --json}: at least dataset, model, epochs, test accuracy and loss, time, speed, parameters, seed. */
    private static Map<String, Object> figures(TrainSettings s, DatasetChoice ds, ImageSet train, TrainTest data, Layer model,
                                               FitResult r, EpochStats best, Path out) {
        Path modelFile = out.resolve("model.safetensors");
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("dataset", ds.name());
        j.put("model", s.model());
        j.put("epochs", r.history().isEmpty() ? 0 : r.last().epoch());
        j.put("best_epoch", best.epoch());
        j.put("test_accuracy", JsonFile.num(best.testAccuracy()));
        j.put("test_loss", JsonFile.num(best.testLoss()));
        j.put("final_test_accuracy", JsonFile.num(r.testAccuracy()));
        j.put("train_seconds", r.trainSeconds());
        j.put("train_images_per_second", r.imagesPerSecond());
        j.put("data_wait_seconds", r.history().stream().mapToDouble(EpochStats::dataWaitSeconds).sum());
        j.put("parameters", model.parameterCount());
        j.put("seed", s.seed());
        j.put("batch_size", s.batchSize());
        j.put("lr", s.lr());
        j.put("optimizer", s.optimizer());
        j.put("weight_decay", s.weightDecay());
        j.put("schedule", s.schedule());
        j.put("augment", s.augment());
        j.put("crop", s.crop());
        j.put("flip", s.flip());
        j.put("label_smoothing", s.labelSmoothing());
        j.put("threads", Parallel.threads());
        j.put("train_images", train.size());
        j.put("test_images", data.test().size());
        j.put("run_dir", out.toString());
        j.put("model_file", modelFile.toString());
        return j;
    }

    private static Path outDir(Args a, Path resume) {
        Path out = a.getPath("out");
        if (out == null && resume != null) out = resume.toAbsolutePath().getParent();
        if (out == null) out = Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(out) && !Files.isDirectory(out)) throw new UsageException("--out " + out + " exists and is not a folder");
        if (resume == null && (Files.exists(out.resolve("model.safetensors")) || Files.exists(out.resolve("last.safetensors"))))
            throw new UsageException("--out " + out + " already holds a run; choose another folder, or continue it with --resume "
                    + out.resolve("last.safetensors"));
        return out;
    }

    /** What the training images go through before normalisation: {@code --augment}, or {@code --crop} and {@code --flip}. */
    private static BatchTransform trainTransform(TrainSettings s, DatasetChoice ds) {
        if (s.augment() && (s.crop() || s.flip()))
            throw new UsageException("--" + (s.crop() ? "crop" : "flip") + " and --augment do not combine: --augment already crops and flips");
        if (s.flip() && ds.name().equals("digits"))
            throw new UsageException("--flip does not suit digits: a mirrored digit is another symbol");
        if (s.augment()) return augmentation(ds);
        BatchTransform t = BatchTransform.identity();
        if (s.crop()) t = t.andThen(new RandomCrop(ds.name().equals("digits") ? 1 : 2));
        if (s.flip()) t = t.andThen(new RandomHorizontalFlip(0.5));
        return t;
    }

    private static String augmentationText(TrainSettings s) {
        if (s.augment()) return ", augmented";
        return s.crop() && s.flip() ? ", cropped and flipped" : s.crop() ? ", cropped" : s.flip() ? ", flipped" : "";
    }

    private static BatchTransform augmentation(DatasetChoice ds) {
        // An 8x8 digit has no pixels to spare: a one-pixel shift is all it takes (a mirrored
        // digit is another symbol, an erased patch can be half the stroke).
        if (ds.name().equals("digits")) return new RandomCrop(1);
        return new RandomCrop(2).andThen(new RandomHorizontalFlip(0.5))
                .andThen(new RandomErasing(0.3, 0.02, 0.15, 0.3, 3.3, 0f));
    }

    private static Optimizer optimizer(TrainSettings s, Layer model) {
        List<Tensor> params = model.parameters();
        return switch (s.optimizer()) {
            case "sgd" -> new SGD(params, s.lr(), 0.9, 0, s.weightDecay(), true);
            case "adamw" -> new AdamW(params, s.lr(), s.weightDecay());
            default -> new Adam(params, s.lr(), 0.9, 0.999, 1e-8, s.weightDecay(), false);
        };
    }

    private static LRScheduler schedule(TrainSettings s, Optimizer opt, int batchesPerEpoch) {
        int steps = s.epochs() * batchesPerEpoch;
        return switch (s.schedule()) {
            case "cosine" -> new CosineAnnealingLR(opt, steps, 0);
            case "onecycle" -> new OneCycleLR(opt, s.lr(), steps);
            case "step" -> new StepLR(opt, Math.max(1, (s.epochs() + 2) / 3), 0.1);
            default -> null;
        };
    }

    private static EpochStats bestEpoch(FitResult r) {
        for (EpochStats e : r.history()) if (e.epoch() == r.bestEpoch()) return e;
        return r.last();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+($|e)", "$1");
    }
}
