/**
 * Test support for code that sends metrics with statsd-java: {@link io.github.statsd.test.InMemoryStatsd}, a real
 * client that keeps the exact lines it would send. For a no-op client, see
 * {@link io.github.statsd.StatsdClient#noop()}.
 */
package io.github.statsd.test;
