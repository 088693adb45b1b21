package io.github.statsd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.statsd.sample.SampleApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample app's page in a real browser: Debian's headless Chromium, driven by Selenium through Debian's chromedriver
 * (never a downloaded one). The page is plain HTML with no script: the form posts, the server redirects back, the page
 * reloads itself, and the placed order's counter shows as a row.
 *
 * <p>When chromium or chromedriver is missing, the test fails in CI and is skipped elsewhere;
 * {@code .ci/install-test-servers.sh} installs both.
 */
class SamplePageInChromiumTest {

    private static final String PLACED_ROW =
            "//table[@id='series']//tr[td[@class='name' and normalize-space()='sample.orders.placed']]";

    private static final String PLACE_TIMER_SPARKLINE =
            "//table[@id='series']//tr[td[@class='name' and normalize-space()='sample.orders.place']]"
                    + "//*[local-name()='svg']";

    private static ChromeDriverService service;
    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void startBrowser() throws IOException {
        Path chromium = ServerSupport.findExecutable(
                        List.of("chromium", "chromium-browser"), List.of("/usr/bin/chromium"))
                .orElse(null);
        Path driver = ServerSupport.findExecutable(
                        List.of("chromedriver"), List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"))
                .orElse(null);
        if (chromium == null || driver == null) {
            ServerSupport.missing("chromium or chromedriver not found (Debian packages chromium, chromium-driver); "
                    + "install them with .ci/install-test-servers.sh");
        }
        profile = Files.createTempDirectory("statsd-it-chromium");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // CI runs as root, where Chromium's sandbox cannot start
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (service != null) {
                service.stop();
            }
            ServerSupport.deleteTree(profile);
        }
    }

    @Test
    void placesAnOrderWithTheFormAndSeesItsCounterRowAppear() {
        int statsdPort = ServerSupport.freePorts(1)[0];
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(false)
                // the client sends over UDP to this machine, where the app's demo receiver listens
                .run(
                        "--server.port=0",
                        "--statsd.host=" + ServerSupport.HOST,
                        "--statsd.port=" + statsdPort,
                        "--statsd.protocol=udp",
                        "--statsd.flavor=datadog",
                        "--sample.demo-receiver.enabled=true")) {
            String base =
                    "http://" + ServerSupport.HOST + ":" + app.getEnvironment().getProperty("local.server.port");

            // paused: the page does not reload itself while the test fills the form
            browser.get(base + "/?auto=off");
            assertThat(browser.getTitle()).isEqualTo("statsd-java sample");
            assertThat(browser.findElements(By.xpath(PLACED_ROW))).isEmpty();
            assertThat(browser.findElements(By.tagName("script"))).isEmpty();

            WebElement item = browser.findElement(By.name("item"));
            item.clear();
            item.sendKeys("lamp");
            browser.findElement(By.cssSelector("form button[type=submit]")).click();

            // the redirect's page reloads itself until the counter's line has reached the demo receiver
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.ignoring(StaleElementReferenceException.class)
                    .withMessage(() -> "on " + browser.getCurrentUrl() + ", page text:\n"
                            + browser.findElement(By.tagName("body")).getText());
            List<String> cells = wait.until(page -> page.findElements(By.xpath(PLACED_ROW)).stream()
                    .findFirst()
                    .map(row -> row.findElements(By.tagName("td")).stream()
                            .map(WebElement::getText)
                            .toList())
                    .orElse(null));
            assertThat(cells.subList(0, 5))
                    .containsExactly("sample.orders.placed", "app:statsd-sample,store:memory", "counter", "1", "1");
            // the timer of the order's method has its sparkline, drawn by the browser from inline SVG
            Boolean sparkline = wait.until(
                    page -> page.findElements(By.xpath(PLACE_TIMER_SPARKLINE)).size() == 1);
            assertThat(sparkline).isTrue();
        }
    }
}
