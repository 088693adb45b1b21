package io.github.statsd;

import io.github.statsd.internal.LineEncoder;
import java.util.List;

/**
 * The StatsD dialect written on the wire.
 *
 * <p>Tags are given to the client as {@code "key:value"} strings (or {@code "key"} alone); each flavour writes them its
 * own way.
 *
 * <pre>{@code
 * StatsdConfig config = StatsdConfig.builder().flavor(Flavor.TELEGRAF).build();
 * // statsd.increment("hits", "region:eu") sends hits,region=eu:1|c
 * }</pre>
 */
public enum Flavor {
    /**
     * Plain StatsD as implemented by Etsy's server ({@code name:value|type|@rate}). It has no tags: each tag is folded
     * into the name as {@code .key.value} (or {@code .key} for a tag without value), constant tags first. Histograms
     * and distributions are written as timers ({@code ms}).
     *
     * @see <a href="https://github.com/statsd/statsd/blob/master/docs/metric_types.md">StatsD metric types</a>
     */
    ETSY,
    /**
     * DogStatsD ({@code name:value|type|@rate|#k:v,k2}), with histograms, distributions, events and service checks.
     *
     * @see <a href="https://docs.datadoghq.com/developers/dogstatsd/datagram_shell/">DogStatsD datagram format</a>
     */
    DATADOG,
    /**
     * Telegraf's StatsD input with tags in the name ({@code name,k=v,k2=v2:value|type}). A tag without value is written
     * as {@code key=true}.
     *
     * @see <a href="https://github.com/influxdata/telegraf/tree/master/plugins/inputs/statsd">Telegraf StatsD input</a>
     */
    TELEGRAF;

    /** The encoder of this flavour: the one place a flavour is mapped to its wire format. */
    LineEncoder encoder(String prefix, List<String> constantTags, String containerId) {
        return switch (this) {
            case ETSY -> LineEncoder.etsy(prefix, constantTags);
            case DATADOG -> LineEncoder.datadog(prefix, constantTags, containerId);
            case TELEGRAF -> LineEncoder.telegraf(prefix, constantTags);
        };
    }
}
