package io.github.statsd.sample;

import io.github.statsd.StatsdStats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import org.springframework.web.util.HtmlUtils;

/**
 * DEMO ONLY: renders the {@code /} page: a form to place an order, the client's counts and, per series, what the demo
 * receiver got. Plain HTML and inline SVG, no script, nothing loaded from elsewhere: it works offline. Every received
 * name, tag and value came from the network and is escaped.
 */
final class MetricsPage {

    /** Seconds between two reloads of the page while auto-refresh is on. */
    static final int REFRESH_SECONDS = 3;

    private static final int SPARK_WIDTH = 120;
    private static final int SPARK_HEIGHT = 24;

    private static final String STYLE = "body{font-family:sans-serif;margin:1.5em;color:#222}"
            + "table{border-collapse:collapse}th,td{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left;"
            + "vertical-align:middle;white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums}"
            + "td.name,td.tags{font-family:monospace;white-space:normal;overflow-wrap:anywhere;max-width:32em}.placed{background:#e6f4e6;padding:4px 8px}"
            + "svg.spark{color:#1a5fb4}pre{background:#f6f6f6;padding:6px}";

    private MetricsPage() {}

    /**
     * Renders the page.
     *
     * @param stats the client's counts
     * @param demo the demo receiver, or {@code null} when it is not configured
     * @param placed the id of the order just placed, or {@code null}
     * @param autoRefresh whether the page reloads itself
     * @return the HTML document
     */
    static String render(StatsdStats stats, DemoStatsdReceiver demo, Long placed, boolean autoRefresh) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>statsd-java sample</title>");
        if (placed != null) {
            // one quick reload to the plain page, by then the new order's metrics have arrived
            html.append("<meta http-equiv=\"refresh\" content=\"1; url=./\">");
        } else if (autoRefresh) {
            html.append("<meta http-equiv=\"refresh\" content=\"")
                    .append(REFRESH_SECONDS)
                    .append("\">");
        }
        html.append("<style>").append(STYLE).append("</style></head><body>");
        html.append("<h1>statsd-java sample app</h1>");
        if (placed != null) {
            html.append("<p class=\"placed\" id=\"placed\">Order ")
                    .append(placed.longValue())
                    .append(" placed; its metrics show below in a moment.</p>");
        }
        html.append("<form method=\"post\" action=\"place-order\"><label>Item ")
                .append("<input name=\"item\" value=\"book\" maxlength=\"")
                .append(MetricsPageController.MAX_ITEM_LENGTH)
                .append("\" required></label> <button type=\"submit\">Place order</button>")
                .append(" (the same as <code>POST /orders?item=book</code>)</form>");
        html.append("<p>Also try <a href=\"orders/1\">/orders/1</a> (404 until an order is placed), ")
                .append("<a href=\"orders/count\">/orders/count</a> (async), ")
                .append("<a href=\"orders/deferred\">/orders/deferred</a> (async), ")
                .append("<a href=\"orders/fail\">/orders/fail</a> (throws).</p>");
        if (autoRefresh || placed != null) {
            html.append("<p>This page reloads itself every ")
                    .append(REFRESH_SECONDS)
                    .append(" s: <a href=\"./?auto=off\">pause</a>.</p>");
        } else {
            html.append("<p>Auto-refresh paused: <a href=\"./\">resume</a>.</p>");
        }
        html.append("<h2>Client</h2><p id=\"client\">Sent ")
                .append(stats.sent())
                .append(", dropped ")
                .append(stats.dropped())
                .append(", queued packets ")
                .append(stats.queuedPackets())
                .append(".</p>");
        if (demo == null) {
            html.append("<p>The demo receiver is off (sample.demo-receiver.enabled=false); ")
                    .append("metrics go to the configured StatsD server.</p>");
        } else if (!demo.isRunning()) {
            html.append("<p>The demo receiver is not running: ")
                    .append(text(demo.notRunningReason()))
                    .append(".</p>");
        } else {
            received(html, demo);
        }
        return html.append("</body></html>").toString();
    }

    private static void received(StringBuilder html, DemoStatsdReceiver demo) {
        ReceivedMetrics.Snapshot got = demo.snapshot();
        html.append("<h2>Received by the DEMO receiver on UDP port ")
                .append(demo.port())
                .append("</h2><p>")
                .append(got.lines())
                .append(" lines in ")
                .append(got.series().size())
                .append(" series");
        if (got.notKept() > 0) {
            html.append("; ")
                    .append(got.notKept())
                    .append(" lines of series past the first ")
                    .append(ReceivedMetrics.MAX_SERIES)
                    .append(" not shown");
        }
        if (got.unparsed() > 0) {
            html.append("; ").append(got.unparsed()).append(" other lines (events, service checks)");
        }
        html.append(". Timers are in milliseconds; their percentiles and sparkline cover their last ")
                .append(ReceivedMetrics.MAX_RECENT)
                .append(" values.</p>");
        html.append("<table id=\"series\"><thead><tr><th>Name</th><th>Tags</th><th>Type</th><th>Count</th>")
                .append("<th>Last</th><th>p50</th><th>p99</th><th>Recent</th></tr></thead><tbody>");
        for (ReceivedMetrics.SeriesView s : got.series()) {
            html.append("<tr><td class=\"name\">")
                    .append(text(s.name()))
                    .append("</td><td class=\"tags\">")
                    .append(tags(s.tags()))
                    .append("</td><td>")
                    .append(typeName(s.type()))
                    .append("</td><td class=\"num\">")
                    .append(s.count())
                    .append("</td><td class=\"num\">")
                    .append(text(s.last()))
                    .append("</td>");
            if (s.timing() && s.recent().length > 0) {
                html.append("<td class=\"num\">")
                        .append(number(s.percentile(0.50)))
                        .append("</td><td class=\"num\">")
                        .append(number(s.percentile(0.99)))
                        .append("</td><td>")
                        .append(sparkline(s.recent()))
                        .append("</td>");
            } else {
                html.append("<td></td><td></td><td></td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table>");
        html.append("<details><summary>Latest lines, newest first</summary><pre>");
        for (String line : got.latest()) {
            html.append(text(line)).append('\n');
        }
        html.append("</pre></details>");
    }

    /**
     * Draws recent values as a small inline SVG line, scaled between their minimum and maximum. Only numbers go into
     * the SVG.
     *
     * @param values oldest first, at least one
     * @return the {@code <svg>} element
     */
    static String sparkline(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double pad = 2;
        double w = SPARK_WIDTH - 2 * pad;
        double h = SPARK_HEIGHT - 2 * pad;
        StringBuilder points = new StringBuilder(values.length * 12);
        double x = pad;
        double y = pad + h / 2;
        for (int i = 0; i < values.length; i++) {
            x = values.length == 1 ? pad + w : pad + w * i / (values.length - 1);
            y = max == min ? pad + h / 2 : pad + h * (max - values[i]) / (max - min);
            if (i > 0) {
                points.append(' ');
            }
            points.append(coordinate(x)).append(',').append(coordinate(y));
        }
        return "<svg class=\"spark\" width=\"" + SPARK_WIDTH + "\" height=\"" + SPARK_HEIGHT + "\" viewBox=\"0 0 "
                + SPARK_WIDTH + " " + SPARK_HEIGHT + "\" role=\"img\" aria-label=\"last " + values.length
                + " values, from " + number(min) + " to " + number(max) + "\">"
                + "<polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"" + points
                + "\"/><circle r=\"2\" fill=\"currentColor\" cx=\"" + coordinate(x) + "\" cy=\"" + coordinate(y)
                + "\"/></svg>";
    }

    private static String coordinate(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "";
        }
        return BigDecimal.valueOf(v)
                .setScale(3, RoundingMode.HALF_EVEN)
                .stripTrailingZeros()
                .toPlainString();
    }

    private static String typeName(String type) {
        return switch (type) {
            case "c" -> "counter";
            case "g" -> "gauge";
            case "ms" -> "timer";
            case "h" -> "histogram";
            case "d" -> "distribution";
            case "s" -> "set";
            default -> text(type);
        };
    }

    /** Escapes the tags, with a line-break opportunity after each comma. */
    private static String tags(String tags) {
        return text(tags).replace(",", ",<wbr>");
    }

    /**
     * Escapes text from the network for HTML, control characters shown as U+FFFD.
     *
     * @param s the text
     * @return HTML-safe text
     */
    static String text(String s) {
        StringBuilder clean = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            clean.append(Character.isISOControl(c) ? '\uFFFD' : c);
        }
        return HtmlUtils.htmlEscape(clean.toString(), "UTF-8");
    }
}
