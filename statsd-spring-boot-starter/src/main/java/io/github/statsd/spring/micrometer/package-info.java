/** Micrometer's meters sent through the client bean, when the application has micrometer-core. */
package io.github.statsd.spring.micrometer;
