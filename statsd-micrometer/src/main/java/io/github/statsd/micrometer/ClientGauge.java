package io.github.statsd.micrometer;

import io.micrometer.core.instrument.AbstractMeter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import java.lang.ref.WeakReference;
import java.util.function.ToDoubleFunction;

/**
 * A Micrometer gauge sent as {@code |g} at each step. Its object is held weakly, as Micrometer's gauges hold it: once
 * collected, the gauge is polled no more.
 */
final class ClientGauge<T> extends AbstractMeter implements Gauge, Polled {

    private final WeakReference<T> ref;
    private final ToDoubleFunction<T> value;
    private final String name;
    private final String[] tags;

    ClientGauge(Id id, T obj, ToDoubleFunction<T> value, String name, String[] tags) {
        super(id);
        this.ref = new WeakReference<>(obj);
        this.value = value;
        this.name = name;
        this.tags = tags;
    }

    @Override
    public double value() {
        T obj = ref.get();
        if (obj == null) {
            return Double.NaN;
        }
        try {
            return value.applyAsDouble(obj);
        } catch (RuntimeException e) {
            // as Micrometer's gauges: a failing function reads as no value
            return Double.NaN;
        }
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
        double v = value.applyAsDouble(obj);
        if (Double.isFinite(v)) {
            poller.client.gauge(name, v, tags);
        } else {
            poller.skip();
        }
        return true;
    }
}
