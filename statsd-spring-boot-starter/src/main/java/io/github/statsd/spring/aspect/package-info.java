/** Timing of {@link io.github.statsd.annotation.StatsdTimed} methods. */
package io.github.statsd.spring.aspect;
