package io.github.statsd.micrometer;

import io.micrometer.core.instrument.AbstractMeter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import java.lang.ref.WeakReference;
import java.util.function.ToDoubleFunction;

/**
 * A Micrometer function counter sent at each step as a {@code |c} of its increase since the step before. Its object is
 * held weakly: once collected, the counter is polled no more.
 */
final class ClientFunctionCounter<T> extends AbstractMeter implements FunctionCounter, Polled {

    private final WeakReference<T> ref;
    private final ToDoubleFunction<T> count;
    private final Delta delta = new Delta();
    private final String name;
    private final String[] tags;

    ClientFunctionCounter(Id id, T obj, ToDoubleFunction<T> count, String name, String[] tags) {
        super(id);
        this.ref = new WeakReference<>(obj);
        this.count = count;
        this.name = name;
        this.tags = tags;
    }

    @Override
    public double count() {
        T obj = ref.get();
        return obj == null ? Double.NaN : count.applyAsDouble(obj);
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
        delta.send(poller, count.applyAsDouble(obj), name, tags);
        return true;
    }
}
