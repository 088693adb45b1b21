package io.github.statsd.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The sample app: an orders API timed by the statsd starter. */
@SpringBootApplication
public class SampleApplication {

    /**
     * Starts the app.
     *
     * @param args command line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
