package io.github.statsd.internal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One sender thread with its own connection: takes full packets from the queue and writes them. Packets of deferred
 * calls (kept by the callers as references and numbers) are encoded here, into a packet of this sender's own that goes
 * out when full, when the deferred calls were handed over part-filled, or one flush interval after its first line. The
 * first sender (or, once it failed, another) also hands part-filled packets over every flush interval. A packet is held
 * (not dropped) while the server cannot be reached, reconnecting with backoff, so that the bounded queue, not the
 * sender, decides what is dropped.
 */
final class Sender implements Runnable {

    private static final long INITIAL_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * Longest wait for a packet: close() may start draining while this sender waits, and it must notice that soon
     * rather than after a long flush interval.
     */
    private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final MetricType[] TYPES = MetricType.values();
    private static final System.Logger LOG = System.getLogger("io.github.statsd");

    private final Engine engine;
    private final PacketQueue queue;
    private final EngineCounters counters;
    final Transport transport;
    /** This sender's place in its pool. */
    final int index;
    /** Whether this sender hands part-filled packets over every flush interval; taken over when the flusher fails. */
    volatile boolean flusher;
    /** Whether this sender ended on an unexpected error. */
    volatile boolean failed;

    private long backoff = INITIAL_BACKOFF_NANOS;
    /** Whether this sender waits for a packet, and must be woken when one is queued. */
    volatile boolean sleeping;

    /** Where deferred calls are encoded, one at a time. */
    private final LineWriter writer;
    /** The lines encoded from deferred calls, packed until full. */
    private final Packet own;
    /** When the first line went into {@link #own}. */
    private long ownSince;
    /** For each tag count, the array a deferred call's tags are copied into. */
    private final String[][] tagArrays = new String[Packet.MAX_DEFERRED_TAGS + 1][];

    private final boolean datagrams;
    private final boolean debug;
    private final long flushNanos;

    Sender(Engine engine, Transport transport, int index) {
        this.engine = engine;
        this.index = index;
        this.queue = engine.queue;
        this.counters = engine.counters;
        this.transport = transport;
        this.flusher = index == 0;
        this.datagrams = engine.settings.transport().sendsDatagrams();
        this.debug = engine.settings.debug();
        this.flushNanos = engine.settings.flushInterval().toNanos();
        int max = engine.settings.maxPacketSize();
        this.writer = new LineWriter(max + 1);
        this.own = new Packet(max, 1);
        for (int i = 0; i < tagArrays.length; i++) {
            tagArrays[i] = new String[i];
        }
    }

    @Override
    public void run() {
        long nextFlush = System.nanoTime() + flushNanos;
        try {
            while (!engine.shouldStop()) {
                long wait = Math.min(MAX_IDLE_NANOS, flusher ? Math.max(0, nextFlush - System.nanoTime()) : flushNanos);
                if (engine.isDraining()) {
                    wait = Math.min(wait, TimeUnit.MILLISECONDS.toNanos(5));
                }
                if (!own.isEmpty()) {
                    wait = Math.min(wait, Math.max(0, flushNanos - (System.nanoTime() - ownSince)));
                }
                Packet p = queue.poll(this, wait);
                if (p != null) {
                    if (p.barrier != null) {
                        // a flush waits for what was queued before its marker, and what this sender packed
                        sendOwn();
                        p.barrier.arrive(index);
                    } else if (p.isDeferred()) {
                        pack(p);
                    } else {
                        // what was packed from deferred calls came first
                        sendOwn();
                        deliver(p);
                    }
                }
                if (!own.isEmpty() && System.nanoTime() - ownSince >= flushNanos) {
                    sendOwn();
                }
                if (flusher && System.nanoTime() - nextFlush >= 0) {
                    if (!engine.isDraining()) {
                        engine.stripes.flushAll();
                    }
                    nextFlush = System.nanoTime() + flushNanos;
                }
                if (engine.isDraining() && queue.isEmpty()) {
                    sendOwn();
                    return;
                }
            }
        } catch (InterruptedException e) {
            // close() gave up waiting: what is left in the queue is counted there, what is packed here below
        } catch (RuntimeException | Error e) {
            failed = true;
            if (!own.isEmpty()) {
                counters.droppedSenderFailed.add(own.entries);
                own.clear();
            }
            // may throw again: an ErrorHandler that throws an Error
            engine.senderFailed(this, e);
        } finally {
            if (!own.isEmpty()) {
                counters.droppedClosed.add(own.entries);
                own.clear();
            }
        }
    }

    /** Encodes a packet of deferred calls into {@link #own}, sending it each time it is full, and releases it. */
    private void pack(Packet p) {
        MetricEncoder encoder = engine.metrics;
        LineWriter w = writer;
        boolean flushed = p.flushed;
        int r = 0;
        try {
            for (; r < p.deferred; r++) {
                if (p.isEncoded(r)) {
                    packOwn(p.array, p.encodedFrom(r), p.encodedLength(r));
                    continue;
                }
                w.reset();
                String[] tags = tagArrays[p.deferredTagCount(r)];
                p.deferredTags(r, tags);
                try {
                    encoder.write(
                            w,
                            p.deferredName(r),
                            TYPES[p.deferredType(r)],
                            ValueKind.of(p.deferredKind(r)),
                            p.deferredValue(r),
                            Double.longBitsToDouble(p.deferredValue(r)),
                            null,
                            p.deferredRate(r),
                            tags);
                } catch (RuntimeException e) {
                    counters.droppedInvalid.increment();
                    continue;
                }
                if (engine.stripes.checkEntry(w)) {
                    packOwn(w.array(), 0, w.length());
                }
            }
        } catch (RuntimeException | Error e) {
            // this sender is failing: the calls not packed yet are lost with it
            counters.droppedSenderFailed.add(p.deferred - r);
            throw e;
        } finally {
            queue.release(p);
        }
        if (flushed) {
            sendOwn();
        }
    }

    /** Appends one entry to {@link #own}, sending it first when the entry does not fit. */
    private void packOwn(byte[] src, int from, int len) {
        if (own.remaining() < len + 1) {
            sendOwn();
        }
        if (own.isEmpty()) {
            ownSince = System.nanoTime();
        }
        own.append(src, from, len);
    }

    /** Sends what {@link #pack} packed, if anything. */
    private void sendOwn() {
        if (!own.isEmpty()) {
            try {
                write(own);
            } finally {
                own.clear();
            }
        }
    }

    private void deliver(Packet p) {
        try {
            write(p);
        } finally {
            queue.release(p);
        }
    }

    /**
     * Writes a packet: each datagram of it, or over a plain stream all of it at once. Counts its entries as sent or
     * dropped.
     */
    private void write(Packet p) {
        if (!datagrams) {
            write(p.array, 0, p.length(), p.entries);
            return;
        }
        int n = p.datagrams();
        int i = 0;
        try {
            for (; i < n; i++) {
                if (!write(p.array, p.datagramFrom(i), p.datagramTo(i) - p.datagramFrom(i) - 1, p.datagramEntries(i))) {
                    for (int j = i + 1; j < n; j++) {
                        counters.droppedClosed.add(p.datagramEntries(j));
                    }
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            // this sender is failing: the datagrams after the one that counted itself are lost with it
            for (int j = i + 1; j < n; j++) {
                counters.droppedSenderFailed.add(p.datagramEntries(j));
            }
            throw e;
        }
    }

    /**
     * Writes bytes {@code [from, from + length)} as one packet, reconnecting as needed, and counts its entries as sent
     * or dropped. Returns false when the engine is closing and the server cannot be reached.
     */
    private boolean write(byte[] array, int from, int length, int entries) {
        int uncounted = entries;
        try {
            while (true) {
                if (!connect()) {
                    counters.droppedClosed.add(entries);
                    return false;
                }
                try {
                    transport.write(array, from, length);
                    uncounted = 0;
                    delivered(array, from, length, entries);
                    return true;
                } catch (StreamTransport.PeerClosedException e) {
                    // nothing was written: reconnect and send the same packet
                    engine.reportError(e);
                } catch (IOException e) {
                    counters.droppedIoError.add(entries);
                    uncounted = 0;
                    engine.reportError(e);
                    return true;
                } catch (RuntimeException e) {
                    // e.g. ClosedSelectorException when close() aborts a stalled write: the packet must still be
                    // counted, and the sender must not die (a dead sender would silently drop everything after)
                    counters.droppedIoError.add(entries);
                    uncounted = 0;
                    engine.reportError(new IOException("statsd write failed", e));
                    return true;
                }
            }
        } catch (RuntimeException | Error e) {
            // this sender is failing (an Error, say from the error handler): the entries are lost with it
            counters.droppedSenderFailed.add(uncounted);
            throw e;
        }
    }

    private void delivered(byte[] array, int from, int bytes, int entries) {
        counters.sent.add(entries);
        counters.packetsSent.increment();
        counters.bytesSent.add(bytes);
        if (debug && LOG.isLoggable(System.Logger.Level.DEBUG)) {
            String text = new String(array, from, bytes, java.nio.charset.StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                LOG.log(System.Logger.Level.DEBUG, "statsd sent: {0}", line);
            }
        }
    }

    /** Connects with backoff; returns false when the engine is closing and its deadline has passed. */
    private boolean connect() {
        while (!transport.isConnected()) {
            if (engine.shouldStop()) {
                return false;
            }
            try {
                transport.connect();
                backoff = INITIAL_BACKOFF_NANOS;
                return true;
            } catch (IOException | RuntimeException e) {
                engine.reportError(e instanceof IOException ? (IOException) e : new IOException(e));
            }
            long pause = backoff;
            if (engine.isDraining()) {
                long left = engine.drainDeadline() - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                pause = Math.min(pause, left);
            }
            LockSupport.parkNanos(this, pause);
            if (Thread.interrupted()) {
                return false;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
        return true;
    }
}
