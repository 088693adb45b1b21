package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The aggregator on its own, with an hour-long window so that only the calls of the test end one: ending a window
 * early, and what {@code close()} does to its thread and to the caller's.
 */
class AggregatorTest {

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final MetricEncoder metrics = new MetricEncoder(LineEncoder.etsy("", List.of()), 1432);
    private final Engine engine =
            new Engine(TestEngines.settings(ThreadNames.next("aggregator-test")), metrics, sent::add);
    private final String threadName = "aggregator-test-" + System.nanoTime();
    /** Counted down by the flusher's thread when it writes a window's line, while {@link #holdFlusher} is set. */
    private final CountDownLatch flusherWriting = new CountDownLatch(1);
    /** Lets the held flusher go on. */
    private final CountDownLatch releaseFlusher = new CountDownLatch(1);

    private volatile boolean holdFlusher;
    /** Writes a window's list of calls, as the client's gate does; holds the flusher's thread when asked to. */
    private final Entries lines = (w, i, subject, tags, number, value, seconds) -> {
        if (holdFlusher && Thread.currentThread().getName().equals(threadName)) {
            flusherWriting.countDown();
            try {
                releaseFlusher.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        MetricCall c = (MetricCall) ((List<?>) subject).get(i);
        metrics.write(w, c.name(), c.type(), c.kind(), c.longValue(), c.doubleValue(), c.member(), c.rate(), c.tags());
    };

    private Aggregator aggregator = new Aggregator(engine, lines, Duration.ofHours(1), threadName);

    @AfterEach
    void closeAll() {
        aggregator.close();
        engine.close();
    }

    private boolean count(String name) {
        return aggregator.add(name, MetricType.COUNTER, ValueKind.LONG_VALUE, 1, 0, null, 1.0, null);
    }

    private boolean gauge(String name, long value) {
        return aggregator.add(name, MetricType.GAUGE, ValueKind.LONG_VALUE, value, 0, null, 1.0, null);
    }

    private List<String> delivered() {
        assertThat(engine.flush(Duration.ofSeconds(10))).isTrue();
        List<String> lines = List.copyOf(sent);
        sent.clear();
        return lines;
    }

    private Thread flusher() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(threadName))
                .findFirst()
                .orElse(null);
    }

    @Test
    void flushWindowSendsTheWindowAtOnceAndStartsANewOne() {
        assertThat(count("c")).isTrue();
        assertThat(count("c")).isTrue();
        assertThat(gauge("g", 4)).isTrue();
        assertThat(delivered()).as("an hour-long window still open").isEmpty();

        aggregator.flushWindow();
        assertThat(delivered()).containsExactlyInAnyOrder("c:2|c", "g:4|g");

        assertThat(count("c")).isTrue();
        aggregator.flushWindow();
        assertThat(delivered()).containsExactly("c:1|c");
    }

    @Test
    void flushWindowDoesNothingOnceClosed() {
        count("c");
        aggregator.close();
        assertThat(delivered()).containsExactly("c:1|c");
        assertThat(count("c")).as("sent directly once closed").isFalse();
        aggregator.flushWindow();
        assertThat(delivered()).isEmpty();
    }

    @Test
    void closeEndsItsDaemonThreadWithoutWaitingForTheWindowToEnd() {
        Thread flusher = flusher();
        assertThat(flusher).isNotNull();
        assertThat(flusher.isDaemon()).isTrue();
        aggregator.close();
        // the window has an hour to run: the thread must be woken to see the close
        await().atMost(Duration.ofSeconds(10)).until(() -> !flusher.isAlive());
    }

    /**
     * The flusher is held in the middle of a window's flush, so that it is alive when {@code close()} waits for it: the
     * wait ends at once for the interrupted caller, whose status must survive that.
     */
    @Test
    void closeKeepsTheCallersInterruptStatusWhileTheFlusherIsBusy() throws Exception {
        aggregator.close();
        sent.clear();
        aggregator = new Aggregator(engine, lines, Duration.ofMillis(20), threadName);
        holdFlusher = true;
        gauge("g", 1);
        assertThat(flusherWriting.await(10, TimeUnit.SECONDS)).isTrue();

        // let the flusher go once the closing thread, past the wait, sends the last window (and waits for a lock the
        // flusher holds), or has closed
        Thread closing = Thread.currentThread();
        AtomicBoolean closed = new AtomicBoolean();
        Thread releaser = new Thread(() -> {
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> closed.get() || sendsTheLastWindow(closing));
            releaseFlusher.countDown();
        });
        releaser.start();
        Thread.currentThread().interrupt();
        try {
            aggregator.close();
        } finally {
            closed.set(true);
            assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        }
        releaser.join();
        assertThat(delivered()).containsExactly("g:1|g");
    }

    /**
     * {@code close()} waits for a flush in progress, so that the window it is sending reaches the engine before
     * {@code close()} returns (and the engine, closed next, drains it). The wait is made a minute here, so that only
     * the end of the flush can end it.
     */
    @Test
    void closeWaitsForAFlushInProgress() throws Exception {
        aggregator.close();
        sent.clear();
        aggregator = new Aggregator(engine, lines, Duration.ofMillis(20), threadName, Duration.ofMinutes(1));
        holdFlusher = true;
        count("c");
        assertThat(flusherWriting.await(10, TimeUnit.SECONDS)).isTrue();

        List<String> events = new CopyOnWriteArrayList<>();
        Thread closer = new Thread(() -> {
            aggregator.close();
            events.add("closed");
        });
        closer.start();
        // let the flusher go once close() waits for it, or has returned without waiting
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> !closer.isAlive() || waitsForAThread(closer));
        events.add("flusher let go");
        releaseFlusher.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(events).containsExactly("flusher let go", "closed");
        assertThat(delivered()).containsExactly("c:1|c");
    }

    private static boolean waitsForAThread(Thread t) {
        return Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(Thread.class.getName())
                        && f.getMethodName().equals("join"));
    }

    private static boolean sendsTheLastWindow(Thread closing) {
        return Arrays.stream(closing.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(Aggregator.class.getName())
                        && f.getMethodName().equals("flush"));
    }

    @Test
    void closeKeepsTheCallersInterruptStatusAndStillSendsTheLastWindow() {
        count("c");
        Thread.currentThread().interrupt();
        try {
            aggregator.close();
        } finally {
            assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        }
        assertThat(delivered()).containsExactly("c:1|c");
    }
}
