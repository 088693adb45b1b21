package io.github.statsd.internal;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Gives every line of a packet to a sink instead of a server, for tests: the lines are the ones the network transports
 * would write, from the same encoders and the same engine. Always connected; a sink that throws fails the write, which
 * the sender counts as an I/O error.
 */
final class LineSinkTransport implements Transport {

    private final Consumer<String> sink;

    LineSinkTransport(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public void connect() {}

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public void write(byte[] packet, int from, int length) {
        int start = from;
        int end = from + length;
        for (int i = from; i <= end; i++) {
            if (i == end || packet[i] == '\n') {
                if (i > start) {
                    sink.accept(new String(packet, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
    }

    @Override
    public void disconnect() {}

    @Override
    public void abort() {}
}
