package io.github.statsd.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * What identifies an aggregate: type, name, tags and sample rate. Mutable only as a shard's probe, under the shard's
 * lock.
 */
final class AggregateKey {
    MetricType type;
    String name;
    String[] tags;
    double rate;
    int hash;

    AggregateKey set(MetricType type, String name, String[] tags, double rate, int hash) {
        this.type = type;
        this.name = name;
        this.tags = tags;
        this.rate = rate;
        this.hash = hash;
        return this;
    }

    /** Drops the probe's references to the caller's strings. */
    void clear() {
        this.name = null;
        this.tags = null;
    }

    /**
     * The hash of a key's parts. Each part is folded in with an odd multiplier, so keys that differ in one part only
     * (the type, the name, one tag or the rate, each by its own hash code) never hash alike.
     */
    static int hash(MetricType type, String name, String[] tags, double rate) {
        int h = type.ordinal() * 31 + name.hashCode();
        for (String tag : tags) {
            h = h * 31 + Objects.hashCode(tag);
        }
        return h * 31 + Double.hashCode(rate);
    }

    boolean is(MetricType type, String name, String[] tags, double rate) {
        return this.type == type
                && Double.compare(this.rate, rate) == 0
                && this.name.equals(name)
                && Arrays.equals(this.tags, tags);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AggregateKey)) {
            return false;
        }
        AggregateKey k = (AggregateKey) o;
        return hash == k.hash && is(k.type, k.name, k.tags, k.rate);
    }

    /** @return the line of this key with a value, as a call to write */
    MetricCall line(ValueKind kind, long longValue, double doubleValue, String member) {
        return new MetricCall(name, type, kind, longValue, doubleValue, member, rate, tags);
    }
}
