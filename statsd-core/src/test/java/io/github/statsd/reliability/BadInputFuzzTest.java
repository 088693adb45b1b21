package io.github.statsd.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.statsd.DogStatsdClient;
import io.github.statsd.Flavor;
import io.github.statsd.StatsdClient;
import io.github.statsd.StatsdConfig;
import io.github.statsd.StatsdStats;
import io.github.statsd.testing.UdpReceiver;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Throws random Unicode names, tags, set members and values (NaN, infinities, extreme doubles, {@code Long.MIN_VALUE},
 * bad sample rates) at every flavour, and checks that every datagram splits into well-formed lines
 * ({@link StrictLineParser}), that they are exactly the lines the calls should have produced (name and tags sanitized,
 * values numerically equal), and that every refused call is counted as invalid.
 *
 * <p>The seed is random per run and printed on failure; rerun one with {@code -Dstatsd.fuzz.seed=<seed>}.
 */
class BadInputFuzzTest {

    private static final int CALLS = 3_000;
    private static final long BASE_SEED = Long.getLong("statsd.fuzz.seed", new SecureRandom().nextLong());

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void everyPacketParsesAsTheIntendedWellFormedLines(Flavor flavor) throws Exception {
        long seed = BASE_SEED ^ flavor.ordinal();
        try {
            fuzz(flavor, new Random(seed));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    "fuzz failed for " + flavor + " with -Dstatsd.fuzz.seed=" + BASE_SEED + ": " + e.getMessage(), e);
        }
    }

    private void fuzz(Flavor flavor, Random random) throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            Model model = new Model(flavor, random.nextBoolean() ? "" : text(random), constantTags(random));
            StatsdConfig.Builder config = StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(receiver.port())
                    .flavor(flavor)
                    .prefix(model.prefix)
                    .maxPacketSize(8192)
                    .closeTimeout(Duration.ofSeconds(5));
            if (!model.constantTags.isEmpty()) {
                config.constantTags(model.constantTags);
            }
            StatsdClient client = flavor == Flavor.DATADOG
                    ? DogStatsdClient.create(config.build())
                    : StatsdClient.create(config.build());
            try {
                for (int i = 0; i < CALLS; i++) {
                    model.call(client, random);
                }
            } finally {
                client.close();
            }
            StatsdStats stats = client.stats();

            assertThat(stats.droppedQueueFull() + stats.droppedOversize() + stats.droppedIoError())
                    .as("nothing may be lost for other reasons than bad input, or expectations are wrong")
                    .isZero();
            assertThat(stats.droppedInvalid()).as("calls with invalid input").isEqualTo(model.invalid);
            long expectedLines = model.requiredLines + model.optionalLines - stats.sampledOut();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.lineCount() >= expectedLines);

            List<String> packets = receiver.packets();
            for (String packet : packets) {
                for (String line : packet.split("\n", -1)) {
                    model.match(StrictLineParser.parse(flavor, line), line);
                }
            }
            assertThat(model.missingRequired()).as("lines never received").isEmpty();
            assertThat(model.optionalSeen)
                    .as("sampled calls that were sent")
                    .isEqualTo(model.optionalLines - stats.sampledOut());
            assertThat(receiver.lineCount()).isEqualTo(expectedLines);
        }
    }

    // ---- random input

    private static final String SPECIALS =
            ":|@#,=; \t\n\r\u0000\u007f\u0085\u00a0\u2028\u2029\u3000\ufeff\ufffd.-_/\\\"'";

    static String text(Random r) {
        int len = r.nextInt(12) + 1;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            switch (r.nextInt(7)) {
                case 0 -> b.append(SPECIALS.charAt(r.nextInt(SPECIALS.length())));
                case 1 -> b.append((char) (0x20 + r.nextInt(0x5f)));
                case 2 -> b.append((char) r.nextInt(0x20));
                case 3 -> b.appendCodePoint(0x10000 + r.nextInt(0x10ffff - 0x10000)); // a surrogate pair
                case 4 -> b.append((char) (0xd800 + r.nextInt(0x800))); // a lone surrogate
                case 5 -> b.append((char) (0x80 + r.nextInt(0x780))); // two UTF-8 bytes
                default -> b.append((char) r.nextInt(0x10000)); // anything in the BMP
            }
        }
        return b.toString();
    }

    static String name(Random r) {
        int k = r.nextInt(40);
        return k == 0 ? null : k == 1 ? "" : text(r);
    }

    static String[] tags(Random r) {
        int n = r.nextInt(5);
        if (n == 4 && r.nextBoolean()) {
            return null;
        }
        String[] tags = new String[n];
        for (int i = 0; i < n; i++) {
            tags[i] = tag(r);
        }
        return tags;
    }

    static String tag(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> text(r);
            case 3 -> text(r) + ":";
            case 4 -> ":" + text(r);
            case 5 -> ":";
            default -> text(r) + ":" + text(r);
        };
    }

    static List<String> constantTags(Random r) {
        List<String> tags = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            String t;
            do {
                t = tag(r);
            } while (t == null || t.isEmpty());
            tags.add(t);
        }
        return tags;
    }

    private static final double[] SPECIAL_DOUBLES = {
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        0.0,
        -0.0,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        Double.MIN_NORMAL,
        1e300,
        -1e-300,
        9e15,
        9.000000000000002e15,
        -9e12,
        1e-6,
        5e-7,
        0.9999995,
        -123.456789123,
        Long.MAX_VALUE,
        (double) Long.MIN_VALUE
    };

    static double aDouble(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> SPECIAL_DOUBLES[r.nextInt(SPECIAL_DOUBLES.length)];
            case 1 -> Double.longBitsToDouble(r.nextLong());
            case 2 -> r.nextGaussian() * Math.pow(10, r.nextInt(30) - 15);
            default -> r.nextInt(2000) - 1000;
        };
    }

    static long aLong(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> r.nextLong();
            default -> r.nextInt(2000) - 1000;
        };
    }

    static double aRate(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> 0.0;
            case 1 -> -0.5;
            case 2 -> 1.5;
            case 3 -> Double.NaN;
            case 4 -> Double.POSITIVE_INFINITY;
            case 5 -> 1.0;
            case 6 -> Double.MIN_VALUE;
            case 7 -> 0.9999999;
            default -> r.nextDouble() + Double.MIN_VALUE;
        };
    }

    static Duration aDuration(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> null;
            case 1 -> Duration.ofNanos(r.nextLong());
            case 2 -> Duration.ofSeconds(r.nextLong() / 1_000_000, r.nextInt(1_000_000_000));
            case 3 -> Duration.ofMillis(-1 - r.nextInt(1000));
            default -> Duration.ofNanos(r.nextInt(Integer.MAX_VALUE));
        };
    }

    // ---- the model: what each call should put on the wire

    /** One expected line. {@code exact} is the value text, or null to compare {@code number} numerically. */
    record Expected(String exact, double number, char sign, double rate, boolean optional) {}

    static final class Model {
        final Flavor flavor;
        final String prefix;
        final List<String> constantTags;
        final Map<String, List<Expected>> pending = new HashMap<>();
        long invalid;
        long requiredLines;
        long optionalLines;
        long optionalSeen;

        Model(Flavor flavor, String prefix, List<String> constantTags) {
            this.flavor = flavor;
            this.prefix = prefix;
            this.constantTags = constantTags;
        }

        void call(StatsdClient client, Random r) {
            String name = name(r);
            String[] tags = tags(r);
            int op = r.nextInt(flavor == Flavor.DATADOG ? 15 : 13);
            switch (op) {
                case 0 -> {
                    client.increment(name, tags);
                    expectLong(name, tags, "c", 1, 1.0, valid(name));
                }
                case 1 -> {
                    client.decrement(name, tags);
                    expectLong(name, tags, "c", -1, 1.0, valid(name));
                }
                case 2 -> {
                    long v = aLong(r);
                    client.count(name, v, tags);
                    expectLong(name, tags, "c", v, 1.0, valid(name));
                }
                case 3 -> {
                    long v = aLong(r);
                    double rate = aRate(r);
                    client.count(name, v, rate, tags);
                    expectLong(name, tags, "c", v, rate, valid(name) && validRate(rate));
                }
                case 4 -> {
                    double v = aDouble(r);
                    client.gauge(name, v, tags);
                    expectGauge(name, tags, null, v, valid(name) && Double.isFinite(v));
                }
                case 5 -> {
                    long v = aLong(r);
                    client.gauge(name, v, tags);
                    expectGauge(name, tags, Long.toString(v), v, valid(name));
                }
                case 6 -> {
                    double v = aDouble(r);
                    client.gaugeDelta(name, v, tags);
                    boolean ok = valid(name) && Double.isFinite(v) && flavor != Flavor.DATADOG;
                    char sign = (v < 0 || (v == 0 && 1 / v < 0)) ? '-' : '+';
                    expect(name, tags, "g", new Expected(null, v, sign, 1.0, false), ok);
                }
                case 7 -> {
                    String member = r.nextInt(20) == 0 ? "" : text(r);
                    client.set(name, member, tags);
                    expect(
                            name,
                            tags,
                            "s",
                            new Expected(sanitize(member), 0, ' ', 1.0, false),
                            valid(name) && !member.isEmpty());
                }
                case 8 -> {
                    long v = aLong(r);
                    client.set(name, v, tags);
                    expectLong(name, tags, "s", v, 1.0, valid(name));
                }
                case 9 -> {
                    long v = aLong(r);
                    client.timing(name, v, tags);
                    expectLong(name, tags, "ms", v, 1.0, valid(name) && v >= 0);
                }
                case 10 -> {
                    long v = aLong(r);
                    double rate = aRate(r);
                    client.timing(name, v, rate, tags);
                    expectLong(name, tags, "ms", v, rate, valid(name) && v >= 0 && validRate(rate));
                }
                case 11, 12 -> {
                    Duration d = aDuration(r);
                    double rate = op == 11 ? 1.0 : aRate(r);
                    if (op == 11) {
                        client.timing(name, d, tags);
                    } else {
                        client.timing(name, d, rate, tags);
                    }
                    boolean ok = valid(name) && d != null && !d.isNegative() && validRate(rate);
                    double ms = d == null
                            ? 0
                            : new BigDecimal(d.getSeconds())
                                    .multiply(BigDecimal.valueOf(1000))
                                    .add(BigDecimal.valueOf(d.getNano(), 6))
                                    .doubleValue();
                    expect(name, tags, "ms", new Expected(null, ms, ' ', rate, rate < 1.0), ok);
                }
                default -> {
                    DogStatsdClient dog = (DogStatsdClient) client;
                    double v = aDouble(r);
                    double rate = r.nextBoolean() ? 1.0 : aRate(r);
                    String type = op == 13 ? "h" : "d";
                    if (op == 13) {
                        dog.histogram(name, v, rate, tags);
                    } else {
                        dog.distribution(name, v, rate, tags);
                    }
                    boolean ok = valid(name) && Double.isFinite(v) && validRate(rate);
                    expect(name, tags, type, new Expected(null, v, ' ', rate, rate < 1.0), ok);
                }
            }
        }

        static boolean valid(String name) {
            return name != null && !name.isEmpty();
        }

        static boolean validRate(double rate) {
            return rate > 0 && rate <= 1;
        }

        void expectLong(String name, String[] tags, String type, long v, double rate, boolean ok) {
            expect(name, tags, type, new Expected(Long.toString(v), v, ' ', rate, rate < 1.0), ok);
        }

        /** Gauges below zero are sent as a reset to 0 and a delta where a leading '-' means a delta. */
        void expectGauge(String name, String[] tags, String exact, double v, boolean ok) {
            boolean negative = exact != null ? exact.startsWith("-") : v < 0;
            if (ok && negative && flavor != Flavor.DATADOG) {
                expect(name, tags, "g", new Expected("0", 0, ' ', 1.0, false), true);
            }
            expect(name, tags, "g", new Expected(exact, v, negative ? '-' : ' ', 1.0, false), ok);
        }

        void expect(String name, String[] tags, String type, Expected e, boolean ok) {
            if (!ok) {
                invalid++;
                return;
            }
            if (e.optional) {
                optionalLines++;
            } else {
                requiredLines++;
            }
            pending.computeIfAbsent(key(name, tags, type), k -> new ArrayList<>())
                    .add(e);
        }

        /** Head, type and DATADOG tags, as the line must carry them. */
        String key(String name, String[] tags, String type) {
            StringBuilder head = new StringBuilder();
            if (!prefix.isEmpty()) {
                head.append(sanitize(prefix)).append('.');
            }
            head.append(sanitize(name));
            List<String> all = new ArrayList<>(constantTags);
            if (tags != null) {
                for (String t : tags) {
                    if (t != null && !t.isEmpty()) {
                        all.add(t);
                    }
                }
            }
            List<String> datadogTags = new ArrayList<>();
            for (String t : all) {
                int c = t.indexOf(':');
                // an empty key or value is written as '_'
                String k = c == 0 ? "_" : sanitize(c < 0 ? t : t.substring(0, c));
                String v = c < 0 ? null : c == t.length() - 1 ? "_" : sanitize(t.substring(c + 1));
                switch (flavor) {
                    case ETSY -> head.append('.').append(k).append(v == null ? "" : "." + v);
                    case TELEGRAF -> head.append(',').append(k).append('=').append(v == null ? "true" : v);
                    default -> datadogTags.add(v == null ? k : k + ":" + v);
                }
            }
            return head + "|" + type + "|" + String.join(",", datadogTags);
        }

        void match(StrictLineParser.Line line, String text) {
            String key = line.head() + "|" + line.type() + "|" + line.tags();
            List<Expected> candidates = pending.get(key);
            assertThat(candidates).as("unexpected line %s", text).isNotNull();
            for (Iterator<Expected> it = candidates.iterator(); it.hasNext(); ) {
                Expected e = it.next();
                if (valueMatches(e, line.value()) && rateMatches(e.rate, line.rate())) {
                    it.remove();
                    if (e.optional) {
                        optionalSeen++;
                    }
                    return;
                }
            }
            throw new AssertionError("no call produces " + text + " (candidates " + candidates + ")");
        }

        List<String> missingRequired() {
            List<String> missing = new ArrayList<>();
            pending.forEach((k, list) -> list.stream().filter(e -> !e.optional).forEach(e -> missing.add(k + " " + e)));
            return missing;
        }

        static boolean valueMatches(Expected e, String value) {
            if (e.sign != ' ' && value.charAt(0) != e.sign) {
                return false;
            }
            if (e.exact != null) {
                return e.exact.equals(value);
            }
            return close(new BigDecimal(value).doubleValue(), e.number);
        }

        static boolean rateMatches(double expected, String rate) {
            if (expected >= 1.0) {
                return rate == null;
            }
            return rate != null && close(new BigDecimal(rate).doubleValue(), expected);
        }

        /** Values are written with up to 6 fraction digits, or exactly when very large or very small. */
        static boolean close(double actual, double expected) {
            return Math.abs(actual - expected) <= 5.000001e-7 + Math.abs(expected) * 1e-12;
        }
    }

    /** The sanitizing rule as documented: separators, whitespace and controls become '_', lone surrogates '?'. */
    static String sanitize(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append('?');
            } else {
                b.append(StrictLineParser.allowed(c) ? c : '_');
            }
        }
        return b.toString();
    }
}
