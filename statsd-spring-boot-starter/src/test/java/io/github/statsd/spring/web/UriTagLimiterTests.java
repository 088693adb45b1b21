package io.github.statsd.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UriTagLimiterTests {

    @Test
    void keepsValuesUpToTheCapThenReportsOther() {
        UriTagLimiter limiter = new UriTagLimiter(2);
        assertThat(limiter.limit("/a")).isEqualTo("/a");
        assertThat(limiter.limit("/b")).isEqualTo("/b");
        assertThat(limiter.limit("/c")).isEqualTo(UriTagLimiter.OTHER);
        assertThat(limiter.limit("/a")).isEqualTo("/a");
        assertThat(limiter.limit("/d")).isEqualTo(UriTagLimiter.OTHER);
    }

    @Test
    void zeroCapReportsEverythingAsOther() {
        assertThat(new UriTagLimiter(0).limit("/a")).isEqualTo(UriTagLimiter.OTHER);
    }
}
