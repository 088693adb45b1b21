package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One shared map of the aggregator on its own, with an engine whose senders hand each line to a list: its key limit,
 * what a window sends and counts as aggregated, that a flush starts the window afresh and drops idle keys, and that it
 * takes no call once closed.
 */
class AggregateShardTest {

    private static final String[] NO_TAGS = new String[0];

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final MetricEncoder metrics = new MetricEncoder(LineEncoder.etsy("", List.of()), 1432);
    private final Engine engine = new Engine(TestEngines.settings(ThreadNames.next("shard-test")), metrics, sent::add);
    /** Writes a window's list of calls, as the client's gate does. */
    private final Entries lines = (w, i, subject, tags, number, value, seconds) -> {
        MetricCall c = (MetricCall) ((List<?>) subject).get(i);
        metrics.write(w, c.name(), c.type(), c.kind(), c.longValue(), c.doubleValue(), c.member(), c.rate(), c.tags());
    };

    private final AggregateShard shard = new AggregateShard();
    private final Map<AggregateKey, long[]> counters = new HashMap<>();

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    private boolean gauge(String name, long value, int maxKeys) {
        int hash = AggregateKey.hash(MetricType.GAUGE, name, NO_TAGS, 1.0);
        return shard.add(MetricType.GAUGE, name, NO_TAGS, 1.0, hash, ValueKind.LONG_VALUE, value, 0, null, maxKeys);
    }

    private boolean member(String name, String member) {
        int hash = AggregateKey.hash(MetricType.SET, name, NO_TAGS, 1.0);
        return shard.add(MetricType.SET, name, NO_TAGS, 1.0, hash, ValueKind.SET_MEMBER, 0, 0, member, 100);
    }

    private boolean count(String name, long delta) {
        int hash = AggregateKey.hash(MetricType.COUNTER, name, NO_TAGS, 1.0);
        return shard.add(MetricType.COUNTER, name, NO_TAGS, 1.0, hash, ValueKind.LONG_VALUE, delta, 0, null, 100);
    }

    /** Flushes the shard and returns the lines it sent, once the engine's senders have them. */
    private List<String> flush(boolean last) {
        sent.clear();
        counters.clear();
        shard.flush(last, counters, engine, lines);
        assertThat(engine.flush(Duration.ofSeconds(10))).isTrue();
        return List.copyOf(sent);
    }

    @Test
    void holdsAtMostMaxKeysButStillMergesTheKeysItHolds() {
        assertThat(gauge("a", 1, 2)).isTrue();
        assertThat(gauge("b", 1, 2)).isTrue();
        assertThat(gauge("c", 1, 2)).as("a third key, past the limit").isFalse();
        assertThat(gauge("a", 2, 2)).as("a key held").isTrue();
        assertThat(flush(false)).containsExactlyInAnyOrder("a:2|g", "b:1|g");
    }

    @Test
    void dropsAKeyIdleForAWholeWindowAndGivesItsPlaceBack() {
        assertThat(gauge("a", 1, 1)).isTrue();
        assertThat(flush(false)).containsExactly("a:1|g");
        assertThat(gauge("b", 1, 1)).as("a is still held").isFalse();
        assertThat(flush(false)).as("a window with no call sends nothing again").isEmpty();
        assertThat(gauge("b", 1, 1)).as("a, idle for a window, was dropped").isTrue();
        assertThat(flush(false)).containsExactly("b:1|g");
    }

    @Test
    void sendsEachGaugeAndSetMemberOncePerWindowAndCountsTheRestAsAggregated() {
        gauge("g", 1, 100);
        gauge("g", 2, 100);
        gauge("g", 3, 100);
        member("s", "x");
        member("s", "y");
        member("s", "x");
        assertThat(flush(false)).containsExactlyInAnyOrder("g:3|g", "s:x|s", "s:y|s");
        assertThat(engine.stats().aggregated())
                .as("two gauge calls and one repeated member")
                .isEqualTo(3);

        // the next window starts afresh: a member sent before is sent again, once
        member("s", "x");
        assertThat(flush(false)).containsExactly("s:x|s");
        assertThat(engine.stats().aggregated()).isEqualTo(3);
    }

    @Test
    void handsItsCountersSumsToTheFlushWithTheNumberOfCalls() {
        count("c", 2);
        count("c", 3);
        count("c", 4);
        assertThat(flush(false))
                .as("counters are sent by the aggregator, summed over shards")
                .isEmpty();
        assertThat(counters).hasSize(1);
        assertThat(counters.values().iterator().next()).containsExactly(9, 3);
        assertThat(engine.stats().aggregated())
                .as("counted when the sums are sent")
                .isZero();

        count("c", 5);
        flush(false);
        assertThat(counters.values().iterator().next())
                .as("the window was reset")
                .containsExactly(5, 1);
    }

    @Test
    void takesNoCallOnceClosedByTheLastFlush() {
        gauge("g", 7, 100);
        assertThat(flush(true)).containsExactly("g:7|g");
        assertThat(gauge("g", 8, 100)).isFalse();
        assertThat(member("s", "x")).isFalse();
        assertThat(count("c", 1)).isFalse();
        assertThat(flush(false)).isEmpty();
        assertThat(counters).isEmpty();
    }

    @Test
    void staysOpenAfterAFlushThatIsNotTheLast() {
        gauge("g", 7, 100);
        flush(false);
        assertThat(gauge("g", 8, 100)).isTrue();
        assertThat(flush(false)).containsExactly("g:8|g");
    }
}
