package io.github.statsd.micrometer;

import io.micrometer.core.instrument.AbstractMeter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.util.TimeUtils;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A Micrometer function timer sent at each step as two {@code |c}: the increase of its count, and of its total time in
 * milliseconds. Its object is held weakly: once collected, the timer is polled no more.
 */
final class ClientFunctionTimer<T> extends AbstractMeter implements FunctionTimer, Polled {

    private final WeakReference<T> ref;
    private final ToLongFunction<T> count;
    private final ToDoubleFunction<T> totalTime;
    private final TimeUnit totalTimeUnit;
    private final TimeUnit baseTimeUnit;
    private final String name;
    private final String[] countTags;
    private final String[] totalTags;
    private final Delta countDelta = new Delta();
    private final Delta totalDelta = new Delta();

    ClientFunctionTimer(
            Id id,
            T obj,
            ToLongFunction<T> count,
            ToDoubleFunction<T> totalTime,
            TimeUnit totalTimeUnit,
            TimeUnit baseTimeUnit,
            String name,
            String[] countTags,
            String[] totalTags) {
        super(id);
        this.ref = new WeakReference<>(obj);
        this.count = count;
        this.totalTime = totalTime;
        this.totalTimeUnit = totalTimeUnit;
        this.baseTimeUnit = baseTimeUnit;
        this.name = name;
        this.countTags = countTags;
        this.totalTags = totalTags;
    }

    @Override
    public double count() {
        T obj = ref.get();
        return obj == null ? Double.NaN : count.applyAsLong(obj);
    }

    @Override
    public double totalTime(TimeUnit unit) {
        T obj = ref.get();
        return obj == null ? Double.NaN : TimeUtils.convert(totalTime.applyAsDouble(obj), totalTimeUnit, unit);
    }

    @Override
    public TimeUnit baseTimeUnit() {
        return baseTimeUnit;
    }

    @Override
    public Meter meter() {
        return this;
    }

    @Override
    public boolean publish(Poller poller) {
        T obj = ref.get();
        if (obj == null) {
            return false;
        }
        countDelta.send(poller, count.applyAsLong(obj), name, countTags);
        totalDelta.send(
                poller,
                TimeUtils.convert(totalTime.applyAsDouble(obj), totalTimeUnit, TimeUnit.MILLISECONDS),
                name,
                totalTags);
        return true;
    }
}
