package io.github.statsd.internal;

/**
 * A snapshot of an engine's sender threads, which the public side shows as its sender status.
 *
 * @param threads sender threads started
 * @param alive sender threads running
 * @param connected running sender threads with an open connection
 * @param failed sender threads that ended on an unexpected error
 */
public record SenderState(int threads, int alive, int connected, int failed) {}
