package io.github.statsd.internal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One sender thread with its own connection: takes full packets from the queue and writes them. Packets of records
 * (calls kept by the callers as references and numbers) are encoded here, into a packet of this sender's own that
 * goes out when full, when the records were handed over part-filled, or one flush interval after its first line.
 * The first sender also hands part-filled packets over every flush interval. A packet is held (not dropped) while
 * the server cannot be reached, reconnecting with backoff, so that the bounded queue, not the sender, decides what
 * is dropped.
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

    private final Engine engine;
    final Transport transport;
    private final boolean flusher;
    private long backoff = INITIAL_BACKOFF_NANOS;
    /** Whether this sender waits for a packet, and must be woken when one is queued. */
    volatile boolean sleeping;

    /** Where records are encoded, one at a time. */
    private final LineWriter writer;
    /** The lines encoded from records, packed until full. */
    private final Packet own;
    /** When the first line went into {@link #own}. */
    private long ownSince;
    /** For each tag count, the array a record's tags are copied into. */
    private final String[][] tagArrays = new String[Packet.MAX_RECORD_TAGS + 1][];

    Sender(Engine engine, Transport transport, boolean flusher) {
        this.engine = engine;
        this.transport = transport;
        this.flusher = flusher;
        int max = engine.config().maxPacketSize();
        this.writer = new LineWriter(max + 1);
        this.own = new Packet(max, 1);
        for (int i = 0; i < tagArrays.length; i++) {
            tagArrays[i] = new String[i];
        }
    }

    @Override
    public void run() {
        long flushNanos = engine.flushIntervalNanos();
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
                Packet p = engine.poll(this, wait);
                if (p != null) {
                    if (p.isRecords()) {
                        pack(p);
                    } else {
                        // what was packed from records came first
                        sendOwn();
                        deliver(p);
                    }
                }
                if (!own.isEmpty() && System.nanoTime() - ownSince >= flushNanos) {
                    sendOwn();
                }
                if (flusher && System.nanoTime() - nextFlush >= 0) {
                    if (!engine.isDraining()) {
                        engine.flushStripes();
                    }
                    nextFlush = System.nanoTime() + flushNanos;
                }
                if (engine.isDraining() && engine.queueIsEmpty()) {
                    sendOwn();
                    return;
                }
            }
        } catch (InterruptedException e) {
            // close() gave up waiting: what is left in the queue is counted there, what is packed here below
        } catch (RuntimeException | Error e) {
            // counted first: reporting may throw again (an ErrorHandler that throws an Error)
            engine.senderFailed();
            engine.reportError(new IOException("statsd sender stopped unexpectedly", e));
        } finally {
            if (!own.isEmpty()) {
                engine.droppedClosed.add(own.entries);
                own.clear();
            }
        }
    }

    /** Encodes a packet of records into {@link #own}, sending it each time it is full, and releases the packet. */
    private void pack(Packet p) {
        RecordEncoder encoder = engine.recordEncoder();
        LineWriter w = writer;
        boolean flushed = p.flushed;
        try {
            for (int r = 0; r < p.records; r++) {
                if (p.isEncoded(r)) {
                    packOwn(p.array, p.encodedFrom(r), p.encodedLength(r));
                    continue;
                }
                w.reset();
                String[] tags = tagArrays[p.recordTagCount(r)];
                p.recordTags(r, tags);
                try {
                    encoder.encode(
                            w,
                            p.recordName(r),
                            TYPES[p.recordType(r)],
                            p.recordKind(r),
                            p.recordValue(r),
                            Double.longBitsToDouble(p.recordValue(r)),
                            null,
                            p.recordRate(r),
                            tags);
                } catch (RuntimeException e) {
                    engine.countInvalid();
                    continue;
                }
                if (engine.checkEntry(w)) {
                    packOwn(w.array(), 0, w.length());
                }
            }
        } finally {
            engine.release(p);
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
            write(own);
            own.clear();
        }
    }

    private void deliver(Packet p) {
        try {
            write(p);
        } finally {
            engine.release(p);
        }
    }

    /**
     * Writes a packet: each datagram of it, or over a plain stream all of it at once. Counts its entries as sent or
     * dropped.
     */
    private void write(Packet p) {
        if (!engine.isDatagram()) {
            write(p.array, 0, p.length(), p.entries);
            return;
        }
        int n = p.datagrams();
        for (int i = 0; i < n; i++) {
            if (!write(p.array, p.datagramFrom(i), p.datagramTo(i) - p.datagramFrom(i) - 1, p.datagramEntries(i))) {
                for (int j = i + 1; j < n; j++) {
                    engine.droppedClosed.add(p.datagramEntries(j));
                }
                return;
            }
        }
    }

    /**
     * Writes bytes {@code [from, from + length)} as one packet, reconnecting as needed, and counts its entries as sent
     * or dropped. Returns false when the engine is closing and the server cannot be reached.
     */
    private boolean write(byte[] array, int from, int length, int entries) {
        while (true) {
            if (!connect()) {
                engine.droppedClosed.add(entries);
                return false;
            }
            try {
                transport.write(array, from, length);
                engine.delivered(array, from, length, entries);
                return true;
            } catch (StreamTransport.PeerClosedException e) {
                // nothing was written: reconnect and send the same packet
                engine.reportError(e);
            } catch (IOException e) {
                engine.droppedIoError.add(entries);
                engine.reportError(e);
                return true;
            } catch (RuntimeException e) {
                // e.g. ClosedSelectorException when close() aborts a stalled write: the packet must still be
                // counted, and the sender must not die (a dead sender would silently drop everything after)
                engine.droppedIoError.add(entries);
                engine.reportError(new IOException("statsd write failed", e));
                return true;
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
