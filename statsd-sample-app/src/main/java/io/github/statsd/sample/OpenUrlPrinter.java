package io.github.statsd.sample;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * DEMO ONLY: prints the URL of the page once the app is ready. It goes to standard output and not to the log, so that
 * it shows with any logging setup, {@code mvn -q} included.
 */
@Component
class OpenUrlPrinter implements ApplicationListener<ApplicationReadyEvent> {

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        String port = env.getProperty("local.server.port");
        if (port != null) {
            String path = env.getProperty("server.servlet.context-path", "");
            System.out.println(System.lineSeparator() + "  Open http://localhost:" + port + path
                    + "/ to see the sample app's metrics" + System.lineSeparator());
        }
    }
}
