package io.github.statsd.it.micrometerapp;

import io.micrometer.core.annotation.Timed;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small Boot application with Actuator for the integration tests of the starter's Micrometer registry: a request
 * calls a Micrometer {@link Timed} method and records a distribution summary.
 */
@SpringBootApplication
public class MicrometerApplication {

    /** The timed work. */
    @Service
    public static class Work {

        /**
         * Does the work.
         *
         * @param size how much
         * @return the size
         */
        @Timed("it.work")
        public int work(int size) {
            return size;
        }
    }

    /** Requests that do the work and record its size. */
    @RestController
    public static class WorkController {

        private final Work work;
        private final DistributionSummary payload;

        WorkController(Work work, MeterRegistry registry) {
            this.work = work;
            this.payload = DistributionSummary.builder("it.payload").register(registry);
        }

        @GetMapping("/work")
        int work(@RequestParam(defaultValue = "12") int size) {
            payload.record(work.work(size));
            return size;
        }

        @GetMapping("/once")
        String once() {
            return "once";
        }

        @GetMapping("/marker")
        String marker() {
            return "marker";
        }
    }
}
