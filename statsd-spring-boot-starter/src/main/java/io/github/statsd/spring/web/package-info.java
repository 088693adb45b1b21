/** Timing of HTTP requests in servlet web applications. */
package io.github.statsd.spring.web;
