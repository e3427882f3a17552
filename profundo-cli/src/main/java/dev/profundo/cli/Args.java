package dev.profundo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line: options ({@code --name value}, {@code --name=value}, flags) checked
 * against an {@link OptionSpec}, and positional arguments. {@code --} ends the options. Typed
 * getters turn malformed values into {@link UsageException}s that name the option.
 */
public final class Args {
    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args(String command) {
        this.command = command;
    }

    /**
     * Parses {@code tokens} for {@code command}. With {@code stopAtFirstPositional}, everything from
     * the first positional argument on is positional (for {@code run FILE.java ARGS…}).
     *
     * @throws UsageException for an unknown option or a missing value
     */
    public static Args parse(String command, OptionSpec spec, List<String> tokens, boolean stopAtFirstPositional) {
        var a = new Args(command);
        boolean optionsOver = false;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (optionsOver || !t.startsWith("-") || t.equals("-")) {
                a.positional.add(t);
                if (stopAtFirstPositional) optionsOver = true;
                continue;
            }
            if (t.equals("--")) {
                optionsOver = true;
                continue;
            }
            String name = t.startsWith("--") ? t.substring(2) : t.substring(1);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (name.equals("h")) name = "help";
            OptionSpec.Option o = spec.get(name);
            if (o == null)
                throw new UsageException("unknown option '" + t + "' for '" + command + "'; see 'profundo " + command + " --help'");
            if (!o.takesValue()) {
                if (inline != null) throw new UsageException("option --" + name + " takes no value, got '" + t + "'");
                a.values.put(name, "true");
            } else if (inline != null) {
                a.values.put(name, inline);
            } else {
                if (i + 1 >= tokens.size())
                    throw new UsageException("option --" + name + " needs a value (" + o.valueName() + "); see 'profundo " + command + " --help'");
                a.values.put(name, tokens.get(++i));
            }
        }
        return a;
    }

    /** True when the flag or option was given. */
    public boolean has(String name) { return values.containsKey(name); }

    /** The option's value, or {@code fallback}. */
    public String get(String name, String fallback) { return values.getOrDefault(name, fallback); }

    /** The positional arguments. */
    public List<String> positional() { return List.copyOf(positional); }

    /** An integer option in [min, max], or {@code fallback} when absent. */
    public int getInt(String name, int fallback, int min, int max) {
        String v = values.get(name);
        if (v == null) return fallback;
        int n;
        try {
            n = Integer.parseInt(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " expects a whole number, got '" + v + "'");
        }
        if (n < min || n > max)
            throw new UsageException("option --" + name + " must be between " + min + " and " + max + ", got " + n);
        return n;
    }

    /** A long option, or {@code fallback} when absent. */
    public long getLong(String name, long fallback) {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " expects a whole number, got '" + v + "'");
        }
    }

    /** A positive finite number, or {@code fallback} when absent. */
    public double getPositive(String name, double fallback) {
        String v = values.get(name);
        if (v == null) return fallback;
        double d = number(name, v);
        if (!(d > 0) || Double.isInfinite(d))
            throw new UsageException("option --" + name + " must be a positive number, got " + v);
        return d;
    }

    /** A finite number at least 0, or {@code fallback} when absent. */
    public double getNonNegative(String name, double fallback) {
        String v = values.get(name);
        if (v == null) return fallback;
        double d = number(name, v);
        if (!(d >= 0) || Double.isInfinite(d))
            throw new UsageException("option --" + name + " must be a number at least 0, got " + v);
        return d;
    }

    /** A number in [0, 1), or {@code fallback} when absent. */
    public double getFraction(String name, double fallback) {
        String v = values.get(name);
        if (v == null) return fallback;
        double d = number(name, v);
        if (!(d >= 0 && d < 1))
            throw new UsageException("option --" + name + " must be at least 0 and below 1, got " + v);
        return d;
    }

    private static double number(String name, String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " expects a number, got '" + v + "'");
        }
    }

    /** One of {@code choices}, or {@code fallback} when absent. */
    public String getChoice(String name, String fallback, List<String> choices) {
        String v = values.get(name);
        if (v == null) return fallback;
        if (!choices.contains(v))
            throw new UsageException("option --" + name + " must be one of " + String.join(", ", choices) + ", got '" + v + "'");
        return v;
    }

    /** A path option, or null when absent. */
    public Path getPath(String name) {
        String v = values.get(name);
        if (v == null) return null;
        if (v.isBlank()) throw new UsageException("option --" + name + " needs a non-empty path");
        return Path.of(v);
    }
}
