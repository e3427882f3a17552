package dev.profundo.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Reports training progress. {@link #auto()} draws a live bar on a terminal and prints one plain
 * line per epoch otherwise, so CI logs stay readable.
 */
public interface Progress {
    /** An epoch with {@code batches} batches begins. */
    void epochStart(int epoch, int epochs, int batches);

    /** A batch finished: samples so far this epoch, mean loss so far, seconds since the epoch began. */
    void batch(int batch, int batches, long samples, double meanLoss, double seconds);

    /** An epoch finished. */
    void epochEnd(EpochStats stats);

    /** A live bar when standard output is a terminal, else one line per epoch. */
    static Progress auto() {
        var console = System.console();
        boolean tty = console != null && console.isTerminal();
        return tty ? new Bar(System.out) : lines(System.out);
    }

    /** One line per epoch on the given stream. */
    static Progress lines(PrintStream out) {
        return new Progress() {
            @Override public void epochStart(int epoch, int epochs, int batches) {}
            @Override public void batch(int batch, int batches, long samples, double meanLoss, double seconds) {}
            @Override public void epochEnd(EpochStats s) { out.println(line(s)); out.flush(); }
        };
    }

    /** Prints nothing. */
    static Progress silent() {
        return new Progress() {
            @Override public void epochStart(int epoch, int epochs, int batches) {}
            @Override public void batch(int batch, int batches, long samples, double meanLoss, double seconds) {}
            @Override public void epochEnd(EpochStats stats) {}
        };
    }

    /** The per-epoch summary line, e.g. {@code epoch 3/5  loss 0.2811  acc 0.8965 | test loss 0.2950 acc 0.8941 | 9,840 img/s  6.1 s}. */
    static String line(EpochStats s) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f", s.epoch(), s.epochs(), s.trainLoss()));
        if (!Double.isNaN(s.trainAccuracy())) sb.append(String.format(Locale.ROOT, "  acc %.4f", s.trainAccuracy()));
        if (!Double.isNaN(s.testLoss()))
            sb.append(String.format(Locale.ROOT, " | test loss %.4f acc %.4f", s.testLoss(), s.testAccuracy()));
        sb.append(String.format(Locale.ROOT, " | %,.0f img/s  %.1f s", s.samplesPerSecond(), s.seconds()));
        if (s.dataWaitSeconds() >= 0.05 && s.dataWaitSeconds() >= 0.01 * s.seconds())   // the loader held training back
            sb.append(String.format(Locale.ROOT, "  (%.1f s waiting for data)", s.dataWaitSeconds()));
        return sb.toString();
    }

    /** A carriage-return progress bar for terminals. */
    final class Bar implements Progress {
        private final PrintStream out;
        private int epoch, epochs;
        private long lastDraw;

        Bar(PrintStream out) { this.out = out; }

        @Override
        public void epochStart(int epoch, int epochs, int batches) {
            this.epoch = epoch;
            this.epochs = epochs;
            this.lastDraw = 0;
        }

        @Override
        public void batch(int batch, int batches, long samples, double meanLoss, double seconds) {
            long now = System.nanoTime();
            if (batch < batches && now - lastDraw < 100_000_000L) return; // redraw at most 10 times a second
            lastDraw = now;
            int width = 30, filled = (int) ((long) width * batch / Math.max(batches, 1));
            double rate = samples / Math.max(seconds, 1e-9);
            double eta = seconds / Math.max(batch, 1) * (batches - batch);
            out.print(String.format(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d  loss %.4f  %,.0f img/s  ETA %s   ",
                    epoch, epochs, "=".repeat(filled), " ".repeat(width - filled), batch, batches, meanLoss, rate, clock(eta)));
            out.flush();
        }

        @Override
        public void epochEnd(EpochStats s) {
            out.print("\r\033[2K");
            out.println(line(s));
            out.flush();
        }

        private static String clock(double seconds) {
            long s = Math.round(seconds);
            return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                    : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
    }
}
