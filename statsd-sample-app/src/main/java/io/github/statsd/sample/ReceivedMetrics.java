package io.github.statsd.sample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DEMO ONLY: the lines the demo receiver got, grouped per series (name, tags and type), with a count, the last value
 * and, for timers, histograms and distributions, their recent values. Lines come from the network, so memory is
 * bounded: at most {@link #MAX_SERIES} series, {@link #MAX_RECENT} recent values each, {@link #MAX_TEXT} characters of
 * a name or tags, {@link #MAX_LATEST} raw lines. Thread-safe: the receiver thread adds, page requests read.
 */
final class ReceivedMetrics {

    /** The most series kept; lines of further series are only counted. */
    static final int MAX_SERIES = 200;

    /** The most recent values kept per timer, histogram or distribution, for its percentiles and sparkline. */
    static final int MAX_RECENT = 60;

    /** The most characters kept of a name, of the tags, of a value or of a raw line. */
    static final int MAX_TEXT = 200;

    /** The most raw lines kept, newest first. */
    static final int MAX_LATEST = 20;

    private final Map<String, Series> series = new HashMap<>();
    private final Deque<String> latest = new ArrayDeque<>();
    private long lines;
    private long notKept;
    private long unparsed;

    /**
     * Adds one received line.
     *
     * @param line a StatsD, DogStatsD or Telegraf line, without its line break
     */
    synchronized void add(String line) {
        lines++;
        latest.addFirst(cut(line));
        if (latest.size() > MAX_LATEST) {
            latest.removeLast();
        }
        Parsed parsed = Parsed.of(line);
        if (parsed == null) {
            unparsed++;
            return;
        }
        String key = parsed.name + '\n' + parsed.tags + '\n' + parsed.type;
        Series s = series.get(key);
        if (s == null) {
            if (series.size() >= MAX_SERIES) {
                notKept++;
                return;
            }
            s = new Series(parsed.name, parsed.tags, parsed.type);
            series.put(key, s);
        }
        s.add(parsed.value);
    }

    /** @return a consistent copy of what was received, series sorted by name, tags and type */
    synchronized Snapshot snapshot() {
        List<SeriesView> views = new ArrayList<>(series.size());
        for (Series s : series.values()) {
            views.add(s.view());
        }
        views.sort(Comparator.comparing(SeriesView::name)
                .thenComparing(SeriesView::tags)
                .thenComparing(SeriesView::type));
        return new Snapshot(views, new ArrayList<>(latest), lines, notKept, unparsed);
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }

    /**
     * What was received.
     *
     * @param series the series kept
     * @param latest the latest raw lines, newest first
     * @param lines all lines received
     * @param notKept lines of series past {@link #MAX_SERIES}
     * @param unparsed lines that are not metrics (events, service checks, garbage)
     */
    record Snapshot(List<SeriesView> series, List<String> latest, long lines, long notKept, long unparsed) {}

    /**
     * One series.
     *
     * @param name the metric name
     * @param tags the tags as written on the wire, comma-separated, or empty
     * @param type the type as written on the wire ({@code c}, {@code g}, {@code ms}, ...)
     * @param count how many lines it had
     * @param last the value of its latest line
     * @param recent its latest numeric values, oldest first; empty for types other than timers and histograms
     */
    record SeriesView(String name, String tags, String type, long count, String last, double[] recent) {

        /** @return whether this is a timer, histogram or distribution, which keep recent values */
        boolean timing() {
            return isTiming(type);
        }

        /**
         * Returns a percentile of the recent values (nearest rank).
         *
         * @param q between 0 and 1
         * @return the value, or NaN when there is none
         */
        double percentile(double q) {
            if (recent.length == 0) {
                return Double.NaN;
            }
            double[] sorted = recent.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
        }
    }

    private static boolean isTiming(String type) {
        return type.equals("ms") || type.equals("h") || type.equals("d");
    }

    private static final class Series {
        private final String name;
        private final String tags;
        private final String type;
        private final double[] recent;
        private int recentCount;
        private int next;
        private long count;
        private String last = "";

        Series(String name, String tags, String type) {
            this.name = name;
            this.tags = tags;
            this.type = type;
            this.recent = isTiming(type) ? new double[MAX_RECENT] : new double[0];
        }

        void add(String value) {
            count++;
            last = value;
            if (recent.length > 0) {
                try {
                    recent[next] = Double.parseDouble(value);
                } catch (NumberFormatException ex) {
                    return;
                }
                next = (next + 1) % recent.length;
                recentCount = Math.min(recentCount + 1, recent.length);
            }
        }

        SeriesView view() {
            double[] ordered = new double[recentCount];
            int start = (next - recentCount + recent.length) % Math.max(1, recent.length);
            for (int i = 0; i < recentCount; i++) {
                ordered[i] = recent[(start + i) % recent.length];
            }
            return new SeriesView(name, tags, type, count, last, ordered);
        }
    }

    /** One line taken apart: {@code name[,k=v...]:value[:value...]|type[|@rate][|#tags][|c:id][|T123]}. */
    private record Parsed(String name, String tags, String type, String value) {

        static Parsed of(String line) {
            if (line.startsWith("_e{") || line.startsWith("_sc|")) {
                return null; // DogStatsD events and service checks are not series
            }
            int colon = line.indexOf(':');
            int bar = line.indexOf('|', colon + 1);
            if (colon <= 0 || bar < 0) {
                return null;
            }
            String head = line.substring(0, colon);
            String value = line.substring(colon + 1, bar);
            int more = value.indexOf(':'); // DogStatsD packs several values of one series as v1:v2:v3
            if (more >= 0) {
                value = value.substring(0, more);
            }
            String[] fields = line.substring(bar + 1).split("\\|", -1);
            String type = fields[0];
            if (type.isEmpty() || value.isEmpty()) {
                return null;
            }
            String name = head;
            String tags = "";
            int comma = head.indexOf(','); // Telegraf writes its tags after the name
            if (comma > 0) {
                name = head.substring(0, comma);
                tags = head.substring(comma + 1);
            }
            for (int i = 1; i < fields.length; i++) {
                if (fields[i].startsWith("#")) {
                    tags = tags.isEmpty() ? fields[i].substring(1) : tags + "," + fields[i].substring(1);
                }
            }
            return new Parsed(cut(name), cut(tags), cut(type), cut(value));
        }
    }
}
