package dev.profundo.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options one command accepts, in the order its help lists them. */
public final class OptionSpec {
    /**
     * One option.
     *
     * @param name      long name without dashes, e.g. {@code epochs}
     * @param valueName placeholder shown in help ({@code N}, {@code FILE}); null for a flag
     * @param help      one line of help
     */
    public record Option(String name, String valueName, String help) {
        /** True when the option takes a value. */
        public boolean takesValue() { return valueName != null; }
    }

    private final Map<String, Option> options = new LinkedHashMap<>();

    /** Adds an option that takes a value. */
    public OptionSpec value(String name, String valueName, String help) {
        options.put(name, new Option(name, valueName, help));
        return this;
    }

    /** Adds a flag (no value). */
    public OptionSpec flag(String name, String help) {
        options.put(name, new Option(name, null, help));
        return this;
    }

    /** The option with this name, or null. */
    public Option get(String name) { return options.get(name); }

    /** All options in declaration order. */
    public List<Option> all() { return Collections.unmodifiableList(new ArrayList<>(options.values())); }

    /** The options as help lines, aligned. */
    public String helpText() {
        int width = 0;
        for (Option o : options.values()) width = Math.max(width, label(o).length());
        StringBuilder sb = new StringBuilder();
        for (Option o : options.values())
            sb.append("  ").append(String.format("%-" + width + "s", label(o))).append("  ").append(o.help()).append('\n');
        return sb.toString();
    }

    private static String label(Option o) {
        return "--" + o.name() + (o.takesValue() ? " " + o.valueName() : "");
    }
}
