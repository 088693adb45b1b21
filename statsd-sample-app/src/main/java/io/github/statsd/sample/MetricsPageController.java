package io.github.statsd.sample;

import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdStats;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** DEMO ONLY: a page listing the metrics the demo receiver got, and the client's own counts. */
@RestController
class MetricsPageController {

    private final ObjectProvider<DemoStatsdReceiver> receiver;
    private final StatsdClient client;

    MetricsPageController(ObjectProvider<DemoStatsdReceiver> receiver, StatsdClient client) {
        this.receiver = receiver;
        this.client = client;
    }

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    String page() {
        StatsdStats stats = client.stats();
        StringBuilder html = new StringBuilder(4096);
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>statsd-java sample</title>")
                .append("<meta http-equiv=\"refresh\" content=\"3\"></head><body>")
                .append("<h1>statsd-java sample app</h1>")
                .append("<p>Try <a href=\"/orders/1\">/orders/1</a> (404 until you POST /orders), ")
                .append("<a href=\"/orders/count\">/orders/count</a> (async), ")
                .append("<a href=\"/orders/deferred\">/orders/deferred</a> (async), ")
                .append("<a href=\"/orders/fail\">/orders/fail</a> (throws). This page refreshes itself.</p>")
                .append("<p>Client: sent ")
                .append(stats.sent())
                .append(", dropped ")
                .append(stats.dropped())
                .append(", queued packets ")
                .append(stats.queuedPackets())
                .append("</p>");
        DemoStatsdReceiver demo = receiver.getIfAvailable();
        if (demo == null || !demo.isRunning()) {
            html.append("<p>The demo receiver is not running; metrics go to the configured StatsD server.</p>");
        } else {
            html.append("<h2>Received by the DEMO receiver on UDP port ")
                    .append(demo.port())
                    .append(" (")
                    .append(demo.received())
                    .append(" lines, newest first)</h2><pre>");
            for (String line : demo.latest()) {
                html.append(HtmlUtils.htmlEscape(line)).append('\n');
            }
            html.append("</pre>");
        }
        return html.append("</body></html>").toString();
    }
}
