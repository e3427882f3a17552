package dev.profundo.vision.viz;

import dev.profundo.nn.BatchNorm2d;
import dev.profundo.nn.Conv2d;
import dev.profundo.nn.GELU;
import dev.profundo.nn.Layer;
import dev.profundo.nn.LeakyReLU;
import dev.profundo.nn.MaxPool2d;
import dev.profundo.nn.ReLU;
import dev.profundo.nn.Sequential;
import dev.profundo.nn.SiLU;
import dev.profundo.nn.Sigmoid;
import dev.profundo.nn.Tanh;
import dev.profundo.vision.models.ModelCard;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The report's edge-detector checks: the first layer's kernels probed directly ({@link OrientationProbe},
 * compared with the initial weights and with random kernels), and the channels one layer deeper probed
 * through the network ({@link UnitOrientation}). Writes into the report's page, figures and summary.
 */
final class OrientationSections {
    private final ModelReport.Request req;
    private final ModelCard card;
    private final Layer model;
    private final HtmlReport html;
    private final Map<String, Object> summary;
    private final BiFunction<BufferedImage, String, BufferedImage> save;
    private final Consumer<String> log;

    OrientationSections(ModelReport.Request req, ModelCard card, Layer model, HtmlReport html, Map<String, Object> summary,
                        BiFunction<BufferedImage, String, BufferedImage> save, Consumer<String> log) {
        this.req = req;
        this.card = card;
        this.model = model;
        this.html = html;
        this.summary = summary;
        this.save = save;
        this.log = log;
    }

    private BufferedImage save(BufferedImage img, String name) {
        return save.apply(img, name);
    }

    private void log(String s) {
        log.accept(s);
    }

    private static Conv2d firstConv(Layer m) {
        for (Layer l : m.namedLayers().values()) if (l instanceof Conv2d c) return c;
        return null;
    }

    /** The first convolution's kernels, trained and at initialisation, and their orientation check against chance. */
    void firstLayer() {
        Conv2d conv = firstConv(model);
        if (conv == null) return;
        log("first-layer filters and orientation probe");
        var trained = OrientationProbe.probe(conv.weight());
        List<String> caps = trained.filters().stream().map(t -> String.format(Locale.ROOT, "OSI %.2f", t.osi())).toList();
        int n = trained.filters().size(), cols = n <= 16 ? 8 : n <= 64 ? 8 : 16;
        html.section("filters", "First-layer filters");
        html.image(save(Figures.filters(conv.weight(), "Trained first-layer filters (" + n + ")", caps, cols), "filters.png"),
                "first-layer filters", "The learned kernels of the first convolution, enlarged; the caption is each "
                        + "filter's orientation selectivity index (below).");
        Map<String, Object> osi = new LinkedHashMap<>();
        osi.put("threshold", OrientationProbe.SELECTIVE);
        osi.put("angles_deg", Arrays.stream(trained.angles()).boxed().toList());
        osi.put("frequencies_cycles_per_pixel", Arrays.stream(trained.frequencies()).boxed().toList());
        osi.put("trained", OrientationSummary.json(trained));
        double t = OrientationProbe.SELECTIVE;
        String sentence;
        OrientationProbe.Result init = null;
        double cosine = Double.NaN;
        if (req.initModel() != null && firstConv(req.initModel()) != null) {
            Conv2d c0 = firstConv(req.initModel());
            init = OrientationProbe.probe(c0.weight());
            double moved = OrientationSummary.relativeChange(conv.weight(), c0.weight());
            cosine = OrientationSummary.initCosine(conv.weight(), c0.weight());
            osi.put("init", OrientationSummary.json(init));
            osi.put("relative_weight_change", moved);
            osi.put("init_cosine", cosine);
            List<String> caps0 = init.filters().stream().map(x -> String.format(Locale.ROOT, "OSI %.2f", x.osi())).toList();
            html.image(save(Figures.filters(c0.weight(), "The same filters at initialisation", caps0, cols), "filters-init.png"),
                    "first-layer filters at initialisation", "The same network before training (same seed): random kernels.");
            sentence = String.format(Locale.ROOT, "%d of %d filters are orientation-selective (OSI > %.1f) after training vs %d of %d "
                            + "at initialisation; median OSI %.2f vs %.2f. Training moved the first-layer weights by %.0f %% of their initial size "
                            + "(cosine with their initial values %.2f).",
                    trained.selective(t), n, t, init.selective(t), init.filters().size(), trained.medianOsi(), init.medianOsi(),
                    100 * moved, cosine);
        } else {
            sentence = String.format(Locale.ROOT, "%d of %d filters are orientation-selective (OSI > %.1f); median OSI %.2f.",
                    trained.selective(t), n, t, trained.medianOsi());
        }
        sentence += " " + OrientationSummary.compareWithChance(trained, conv.weight().shape(), cosine, osi);
        osi.put("statement", sentence);
        summary.put("osi", osi);
        html.section("edges", "Edge-detector check");
        html.paragraph("Each first-layer kernel is probed with sine gratings at " + trained.angles().length + " directions (0° to 165°) and "
                + trained.frequencies().length + " spatial frequencies (0.1 to 0.5 cycles per pixel), at every phase. At its "
                + "preferred direction and frequency, the orientation selectivity index is OSI = (R_pref − R_orth) / (R_pref + R_orth), "
                + "where R_orth is the response to the grating turned by 90°: 1 for a perfect edge detector that ignores the "
                + "orthogonal direction, 0 for a kernel that does not care about orientation.");
        html.finding(sentence);
        log(sentence);
        html.image(save(Figures.osiHistogram(trained.osi(), init == null ? new double[0] : init.osi(), t), "osi-histogram.png"),
                "OSI histogram", "How many filters fall in each OSI band, trained (red) and at initialisation (grey).");
        int[] top = IntStream.range(0, n).boxed().sorted((a, b) -> Double.compare(trained.filters().get(b).osi(), trained.filters().get(a).osi()))
                .limit(4).mapToInt(Integer::intValue).toArray();
        html.image(save(Figures.tuningCurves(trained, top, "Tuning curves of the most selective trained filters"), "tuning-curves.png"),
                "tuning curves", "Response against grating direction at each filter's preferred frequency, normalised to the peak.");
    }

    /** The edge-detector check on the first layer after the first convolution, through the network ({@link UnitOrientation}). */
    void deeperLayer(Sequential seq) {
        int layer = -1, convs = 0;
        for (int i = 0; i < seq.size() && layer < 0; i++) if (Attribution.containsConv(seq.get(i)) && ++convs == 2) layer = i;
        if (layer < 0) return;
        // Read the unit after its pooling, normalisation and activation, as the next layer sees it.
        while (layer + 1 < seq.size() && pointwise(seq.get(layer + 1))) layer++;
        log("orientation probe of layer " + layer + " through the network");
        var in = card.input();
        var trained = UnitOrientation.probe(seq, layer, in.channels(), in.height(), in.width(), card.mean(), card.std());
        OrientationProbe.Result init = req.initModel() instanceof Sequential s0
                ? UnitOrientation.probe(s0, layer, in.channels(), in.height(), in.width(), card.mean(), card.std()) : null;
        double t = OrientationProbe.SELECTIVE;
        int n = trained.filters().size();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("layer", layer);
        j.put("describe", seq.get(layer).describe());
        j.put("frequencies_cycles_per_pixel", Arrays.stream(trained.frequencies()).boxed().toList());
        j.put("phases", UnitOrientation.PHASES);
        Map<String, Object> tj = OrientationSummary.json(trained);
        tj.put("silent", UnitOrientation.silent(trained));
        j.put("trained", tj);
        String sentence = String.format(Locale.ROOT, "Layer %d (%s): %d of %d channels are orientation-selective (OSI > %.1f)",
                layer, seq.get(layer).describe(), trained.selective(t), n, t);
        if (init != null) {
            Map<String, Object> ij = OrientationSummary.json(init);
            ij.put("silent", UnitOrientation.silent(init));
            j.put("init", ij);
            sentence += String.format(Locale.ROOT, " after training vs %d of %d at initialisation; median OSI %.2f vs %.2f.",
                    init.selective(t), init.filters().size(), trained.medianOsi(), init.medianOsi());
        } else {
            sentence += String.format(Locale.ROOT, "; median OSI %.2f.", trained.medianOsi());
        }
        int silent = UnitOrientation.silent(trained);
        if (silent > 0) sentence += String.format(Locale.ROOT, " %d trained channel%s no grating (OSI 0).", silent,
                silent == 1 ? " answers" : "s answer");
        j.put("statement", sentence);
        summary.put("osi_deeper", j);
        html.section("edges-deeper", "Edge-detector check, one layer deeper");
        html.paragraph("The same index for each channel of layer " + layer + ", measured through the network: full-field gratings at "
                + trained.angles().length + " directions, " + trained.frequencies().length + " spatial frequencies (0.05 to 0.4 cycles "
                + "per pixel) and " + UnitOrientation.PHASES + " phases go into the model, and the channel's response at the centre of its "
                + "feature map (after its pooling, normalisation and activation, rectified), at its best phase, is the R of the formula above.");
        html.finding(sentence);
        log(sentence);
        html.image(save(Figures.osiHistogram(trained.osi(), init == null ? new double[0] : init.osi(),
                        "Orientation selectivity of layer " + layer + " channels", "channels"), "osi-histogram-layer" + layer + ".png"),
                "OSI histogram of layer " + layer, "How many channels fall in each OSI band, trained (red) and at initialisation (grey).");
    }

    private static boolean pointwise(Layer l) {
        return l instanceof MaxPool2d || l instanceof BatchNorm2d || l instanceof ReLU || l instanceof LeakyReLU || l instanceof GELU || l instanceof SiLU
                || l instanceof Tanh || l instanceof Sigmoid;
    }
}
