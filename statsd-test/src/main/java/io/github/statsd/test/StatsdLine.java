package io.github.statsd.test;

import io.github.statsd.Flavor;
import java.util.ArrayList;
import java.util.List;

/**
 * One metric line as the client sent it, taken apart: {@code name:value|type|@rate|#tags}. The name is the one on the
 * wire: with the prefix, sanitized, and on the ETSY flavour with the tags folded in. Tags are {@code key:value}
 * strings, also for the TELEGRAF flavour (whose {@code key=value} they are read from), constant tags included.
 *
 * <pre>{@code
 * StatsdLine line = statsd.single("orders.placed", "region:eu");
 * assertEquals("c", line.type());
 * assertEquals(3, line.longValue());
 * }</pre>
 *
 * @param line the whole line, as sent
 * @param name the metric name, as sent
 * @param value the value, as sent (a set member, or {@code +2} for a gauge delta)
 * @param type the type code: {@code c}, {@code g}, {@code s}, {@code ms}, {@code h} or {@code d}
 * @param sampleRate the sample rate, 1 when the line has none
 * @param tags the tags, in the order sent; empty on ETSY
 */
public record StatsdLine(String line, String name, String value, String type, double sampleRate, List<String> tags) {

    /**
     * Keeps an unmodifiable copy of the tags.
     *
     * @param line the whole line, as sent
     * @param name the metric name, as sent
     * @param value the value, as sent
     * @param type the type code
     * @param sampleRate the sample rate, 1 when the line has none
     * @param tags the tags, in the order sent
     */
    public StatsdLine {
        tags = List.copyOf(tags);
    }

    /**
     * Returns the value as a number.
     *
     * @return the value
     * @throws NumberFormatException when it is not a number (a set member)
     */
    public double doubleValue() {
        return Double.parseDouble(value);
    }

    /**
     * Returns the value as a whole number.
     *
     * @return the value
     * @throws NumberFormatException when it is not a whole number
     */
    public long longValue() {
        return Long.parseLong(value.startsWith("+") ? value.substring(1) : value);
    }

    /**
     * Reads a metric line.
     *
     * @param line the line
     * @param flavor the flavour it was written in
     * @return the parts, or {@code null} for a line that is not a metric (a DogStatsD event or service check)
     */
    static StatsdLine parse(String line, Flavor flavor) {
        if (line.startsWith("_e{") || line.startsWith("_sc|")) {
            return null;
        }
        int colon = line.indexOf(':');
        int bar = line.indexOf('|', colon + 1);
        if (colon <= 0 || bar < 0) {
            return null;
        }
        String name = line.substring(0, colon);
        List<String> tags = new ArrayList<>();
        if (flavor == Flavor.TELEGRAF) {
            String[] parts = name.split(",");
            name = parts[0];
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                tags.add(eq < 0 ? parts[i] : parts[i].substring(0, eq) + ":" + parts[i].substring(eq + 1));
            }
        }
        String value = line.substring(colon + 1, bar);
        String[] fields = line.substring(bar + 1).split("\\|");
        double rate = 1.0;
        for (int i = 1; i < fields.length; i++) {
            String f = fields[i];
            if (f.startsWith("@")) {
                rate = Double.parseDouble(f.substring(1));
            } else if (f.startsWith("#")) {
                tags.addAll(List.of(f.substring(1).split(",")));
            }
        }
        return new StatsdLine(line, name, value, fields[0], rate, tags);
    }
}
