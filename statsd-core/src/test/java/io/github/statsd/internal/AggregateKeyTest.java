package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What makes two aggregates one: the same type, name, tags (in order) and sample rate; and the line a key writes. */
class AggregateKeyTest {

    private static AggregateKey key(MetricType type, String name, String[] tags, double rate) {
        return new AggregateKey().set(type, name, tags, rate, AggregateKey.hash(type, name, tags, rate));
    }

    private static AggregateKey key() {
        return key(MetricType.GAUGE, "queue.depth", new String[] {"env:prod", "az:a"}, 0.5);
    }

    @Test
    void keysMadeFromEqualPartsAreEqualAndHashAlike() {
        AggregateKey a = key();
        // equal strings and arrays, not the same ones
        AggregateKey b =
                key(MetricType.GAUGE, new String("queue.depth"), new String[] {new String("env:prod"), "az:a"}, 0.5);
        assertThat(a).isEqualTo(b);
        assertThat(b).isEqualTo(a);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a.hashCode()).isEqualTo(AggregateKey.hash(MetricType.GAUGE, "queue.depth", b.tags, 0.5));
        assertThat(a).isEqualTo(a);
        assertThat(a.is(MetricType.GAUGE, "queue.depth", new String[] {"env:prod", "az:a"}, 0.5))
                .isTrue();
    }

    @Test
    void keysThatDifferInOnePartOnlyAreNotEqual() {
        AggregateKey a = key();
        String[] tags = {"env:prod", "az:a"};
        assertThat(a).isNotEqualTo(key(MetricType.SET, "queue.depth", tags, 0.5));
        assertThat(a).isNotEqualTo(key(MetricType.GAUGE, "queue.size", tags, 0.5));
        assertThat(a).isNotEqualTo(key(MetricType.GAUGE, "queue.depth", new String[] {"env:prod", "az:b"}, 0.5));
        assertThat(a).isNotEqualTo(key(MetricType.GAUGE, "queue.depth", new String[] {"az:a", "env:prod"}, 0.5));
        assertThat(a).isNotEqualTo(key(MetricType.GAUGE, "queue.depth", new String[] {"env:prod"}, 0.5));
        assertThat(a).isNotEqualTo(key(MetricType.GAUGE, "queue.depth", tags, 0.25));
        assertThat(a).isNotEqualTo(key(MetricType.GAUGE, "queue.depth", tags, 1.0));

        assertThat(a.is(MetricType.SET, "queue.depth", tags, 0.5)).isFalse();
        assertThat(a.is(MetricType.GAUGE, "queue.size", tags, 0.5)).isFalse();
        assertThat(a.is(MetricType.GAUGE, "queue.depth", new String[] {"env:prod"}, 0.5))
                .isFalse();
        assertThat(a.is(MetricType.GAUGE, "queue.depth", tags, 1.0)).isFalse();
    }

    @Test
    void keysThatDifferInOnePartOnlyNeverHashAlike() {
        String[] none = {};
        MetricType[] types = MetricType.values();
        for (int i = 0; i < types.length; i++) {
            for (int j = i + 1; j < types.length; j++) {
                assertThat(AggregateKey.hash(types[i], "a", none, 1.0))
                        .as("%s and %s", types[i], types[j])
                        .isNotEqualTo(AggregateKey.hash(types[j], "a", none, 1.0));
            }
        }
        // names, tags and rates whose hash codes are one apart, before and after other parts
        assertThat(AggregateKey.hash(MetricType.COUNTER, "a", none, 1.0))
                .isNotEqualTo(AggregateKey.hash(MetricType.COUNTER, "b", none, 1.0));
        assertThat(AggregateKey.hash(MetricType.COUNTER, "a", new String[] {"x:1"}, 1.0))
                .isNotEqualTo(AggregateKey.hash(MetricType.COUNTER, "b", new String[] {"x:1"}, 1.0));
        assertThat(AggregateKey.hash(MetricType.COUNTER, "a", new String[] {"a", "x:1"}, 1.0))
                .isNotEqualTo(AggregateKey.hash(MetricType.COUNTER, "a", new String[] {"b", "x:1"}, 1.0));
        assertThat(AggregateKey.hash(MetricType.COUNTER, "a", new String[] {"x:1", "a"}, 1.0))
                .isNotEqualTo(AggregateKey.hash(MetricType.COUNTER, "a", new String[] {"x:1", "b"}, 1.0));
        assertThat(AggregateKey.hash(MetricType.COUNTER, "a", new String[] {"x:1"}, 0.5))
                .isNotEqualTo(AggregateKey.hash(MetricType.COUNTER, "a", new String[] {"x:1"}, 0.25));
        assertThat(AggregateKey.hash(MetricType.COUNTER, "a", none, 0.5))
                .isNotEqualTo(AggregateKey.hash(MetricType.COUNTER, "a", none, 1.0));
    }

    @Test
    void isNotEqualToAKeyWithTheSamePartsButAnotherHash() {
        // equal keys must hash alike: a key whose cached hash differs is another key (a probe set with a stale hash)
        AggregateKey a = key();
        AggregateKey stale = new AggregateKey().set(a.type, a.name, a.tags, a.rate, a.hash + 1);
        assertThat(a).isNotEqualTo(stale);
        assertThat(stale).isNotEqualTo(a);
    }

    @Test
    void isNotEqualToNullOrToAnythingButAKey() {
        AggregateKey a = key();
        assertThat(a.equals(null)).isFalse();
        assertThat(a.equals("queue.depth")).isFalse();
        assertThat(a.equals(
                        new MetricCall("queue.depth", MetricType.GAUGE, ValueKind.LONG_VALUE, 0, 0, null, 0.5, a.tags)))
                .isFalse();
    }

    @Test
    void writesItsLineWithTheValueGiven() {
        AggregateKey a = key();
        MetricCall line = a.line(ValueKind.DOUBLE_VALUE, 3, 2.5, "member");
        assertThat(line.name()).isEqualTo("queue.depth");
        assertThat(line.type()).isEqualTo(MetricType.GAUGE);
        assertThat(line.kind()).isEqualTo(ValueKind.DOUBLE_VALUE);
        assertThat(line.longValue()).isEqualTo(3);
        assertThat(line.doubleValue()).isEqualTo(2.5);
        assertThat(line.member()).isEqualTo("member");
        assertThat(line.rate()).isEqualTo(0.5);
        assertThat(line.tags()).containsExactly("env:prod", "az:a");
    }

    @Test
    void clearLetsTheCallersStringsGoAndKeepsTheRest() {
        AggregateKey probe = key();
        probe.clear();
        assertThat(probe.name).isNull();
        assertThat(probe.tags).isNull();
        assertThat(probe.type).isEqualTo(MetricType.GAUGE);
        assertThat(probe.rate).isEqualTo(0.5);
    }
}
