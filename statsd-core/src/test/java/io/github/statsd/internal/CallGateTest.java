package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gate on its own, with an engine whose senders hand each line to a list: a meter's rate, and the early window. */
class CallGateTest {

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final MetricEncoder metrics = new MetricEncoder(LineEncoder.etsy("", List.of()), 1432);
    private final ThreadNames threads = ThreadNames.next("gate-test");
    private final Engine engine = new Engine(TestEngines.settings(threads), metrics, sent::add);

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    private List<String> delivered() {
        assertThat(engine.flush(Duration.ofSeconds(10))).isTrue();
        List<String> lines = List.copyOf(sent);
        sent.clear();
        return lines;
    }

    @Test
    void takesAMeterRateAboveZeroUpToOne() {
        CallGate gate = new CallGate(engine, metrics, 1.0, null, threads);
        assertThatThrownBy(() -> gate.meterLine("m", MetricType.COUNTER, 0.0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> gate.meterLine("m", MetricType.COUNTER, 1.000001, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(gate.meterLine("m", MetricType.COUNTER, 1.0, null)).isNotNull();
        assertThat(gate.meterLine("m", MetricType.COUNTER, Double.MIN_VALUE, null))
                .isNotNull();
    }

    @Test
    void refusesANonFiniteDoubleOnlyWhenTheCallCarriesOne() {
        CallGate gate = new CallGate(engine, metrics, 1.0, null, threads);
        assertThat(gate.accept("g", MetricType.GAUGE, ValueKind.DOUBLE_VALUE, 0, Double.NaN, 1.0))
                .isFalse();
        assertThat(gate.accept("g", MetricType.GAUGE, ValueKind.DOUBLE_VALUE, 0, Double.POSITIVE_INFINITY, 1.0))
                .isFalse();
        assertThat(engine.stats().droppedInvalid()).isEqualTo(2);
        // the double of a call that carries a long or a set member is not looked at
        assertThat(gate.accept("g", MetricType.GAUGE, ValueKind.LONG_VALUE, 5, Double.NaN, 1.0))
                .isTrue();
        assertThat(gate.accept("s", MetricType.SET, ValueKind.SET_MEMBER, 0, Double.NaN, 1.0))
                .isTrue();
        assertThat(gate.accept("g", MetricType.GAUGE, ValueKind.DOUBLE_VALUE, 0, -2.5, 1.0))
                .isTrue();
        assertThat(engine.stats().droppedInvalid()).isEqualTo(2);
    }

    @Test
    void flushWindowSendsTheAggregatedWindowAtOnce() {
        CallGate gate = new CallGate(engine, metrics, 1.0, Duration.ofHours(1), threads);
        try {
            gate.metric("c", MetricType.COUNTER, ValueKind.LONG_VALUE, 2, 0, null, 1.0, null);
            gate.metric("c", MetricType.COUNTER, ValueKind.LONG_VALUE, 3, 0, null, 1.0, null);
            assertThat(delivered()).as("an hour-long window still open").isEmpty();
            gate.flushWindow();
            assertThat(delivered()).containsExactly("c:5|c");
        } finally {
            gate.close();
        }
        assertThat(gate.aggregator()).isNotNull();
    }

    @Test
    void flushWindowWithoutAggregationSendsWhatCameDirectly() {
        CallGate gate = new CallGate(engine, metrics, 1.0, null, threads);
        gate.metric("c", MetricType.COUNTER, ValueKind.LONG_VALUE, 2, 0, null, 1.0, null);
        gate.flushWindow();
        gate.close();
        assertThat(gate.aggregator()).isNull();
        assertThat(delivered()).containsExactly("c:2|c");
    }
}
