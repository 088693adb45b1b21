package io.github.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.statsd.testing.UdpReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DogStatsdExtrasTest {

    private static final Instant AT = Instant.ofEpochSecond(1_700_000_000L);

    private static List<String> send(StatsdConfig.Builder config, java.util.function.Consumer<DogStatsdClient> calls)
            throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            DogStatsdClient client = DogStatsdClient.create(config.host("127.0.0.1")
                    .port(receiver.port())
                    .flushInterval(Duration.ofHours(1))
                    .build());
            calls.accept(client);
            client.close();
            long sent = client.stats().sent();
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.lines().size() == sent);
            return receiver.lines();
        }
    }

    @Test
    void writesEventsWithEveryFieldInTheDocumentedOrder() throws Exception {
        List<String> lines = send(
                StatsdConfig.builder().constantTags("team:core").containerId("abc123"),
                c -> c.event(Event.builder("Deploy | done", "line1\nline2 é")
                        .timestamp(AT)
                        .hostname("web|1")
                        .aggregationKey("deploy")
                        .priority(Event.Priority.LOW)
                        .sourceType("jenkins")
                        .alertType(Event.AlertType.SUCCESS)
                        .tags("env:prod")
                        .build()));
        assertThat(lines)
                .containsExactly("_e{13,15}:Deploy | done|line1\\nline2 é|d:1700000000|h:web_1|k:deploy|p:low"
                        + "|s:jenkins|t:success|#team:core,env:prod|c:abc123");
    }

    @Test
    void measuresEventLengthsInUtf8BytesAfterEscaping() throws Exception {
        String title = "Ünïcødé 🚀";
        String text = "a\r\nb\rc\nd";
        List<String> lines = send(
                StatsdConfig.builder(), c -> c.event(Event.builder(title, text).build()));
        String escaped = "a\\nb\\nc\\nd";
        assertThat(lines)
                .containsExactly("_e{" + title.getBytes(StandardCharsets.UTF_8).length + "," + escaped.length() + "}:"
                        + title + "|" + escaped);
        assertThat(title.getBytes(StandardCharsets.UTF_8).length).isEqualTo(16);
    }

    @Test
    void escapesALoneCarriageReturnAndALeadingLineBreak() throws Exception {
        List<String> lines = send(StatsdConfig.builder(), c -> {
            c.event(Event.builder("a\rb", "\nfirst").build());
            c.event(Event.builder("\rc", "d").build());
        });
        assertThat(lines).containsExactly("_e{4,7}:a\\nb|\\nfirst", "_e{3,1}:\\nc|d");
    }

    @Test
    void writesServiceChecksWithTheMessageLast() throws Exception {
        List<String> lines = send(
                StatsdConfig.builder().constantTags("team:core").containerId("abc123"),
                c -> c.serviceCheck(ServiceCheck.builder("shop.db", ServiceCheck.Status.CRITICAL)
                        .timestamp(AT)
                        .hostname("db1")
                        .message("conn refused\nretry|later")
                        .tags("env:prod")
                        .build()));
        assertThat(lines)
                .containsExactly(
                        "_sc|shop.db|2|d:1700000000|h:db1|#team:core,env:prod|c:abc123|m:conn refused\\nretry_later");
    }

    @Test
    void writesAMinimalServiceCheckAndEvent() throws Exception {
        List<String> lines = send(StatsdConfig.builder(), c -> {
            c.serviceCheck(
                    ServiceCheck.builder("redis|up\n", ServiceCheck.Status.OK).build());
            c.event(Event.builder("title", "").build());
        });
        assertThat(lines).containsExactly("_sc|redis_up_|0", "_e{5,0}:title|");
    }

    @Test
    void writesMetricTimestampsBeforeTheContainerId() throws Exception {
        List<String> lines =
                send(StatsdConfig.builder().constantTags("team:core").containerId("abc123"), c -> {
                    c.countAt("orders", 3, AT, "region:eu");
                    c.gaugeAt("temp", 21.5, AT.plusMillis(999));
                    c.increment("hits");
                });
        assertThat(lines)
                .containsExactly(
                        "orders:3|c|#team:core,region:eu|T1700000000|c:abc123",
                        "temp:21.5|g|#team:core|T1700000000|c:abc123",
                        "hits:1|c|#team:core|c:abc123");
    }

    @Test
    void aTimestampedCallLeavesItsStripeFreeForOtherThreads() throws Exception {
        // a stripe left locked by the calling thread would block close(), which takes every stripe, for good
        try (UdpReceiver receiver = UdpReceiver.start()) {
            DogStatsdClient client = DogStatsdClient.create(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(receiver.port())
                    .flushInterval(Duration.ofHours(1))
                    .build());
            Thread caller = new Thread(() -> client.gaugeAt("temp", 21.5, AT));
            caller.start();
            caller.join();
            Thread closer = new Thread(client::close);
            closer.setDaemon(true);
            closer.start();
            Loopback.awaiting().until(() -> !closer.isAlive());
            assertThat(Loopback.receivedAfterClose(receiver, client)).containsExactly("temp:21.5|g|T1700000000");
        }
    }

    @Test
    void leavesTheContainerIdOutWhenNotConfigured() throws Exception {
        List<String> lines = send(StatsdConfig.builder(), c -> {
            c.countAt("orders", 3, AT);
            c.histogram("latency", 1.5, "k:v");
        });
        assertThat(lines).containsExactly("orders:3|c|T1700000000", "latency:1.5|h|#k:v");
    }

    @Test
    void countsBadEventsChecksAndTimestampsAsInvalid() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            DogStatsdClient client = DogStatsdClient.create(
                    StatsdConfig.builder().port(receiver.port()).build());
            client.event(null);
            client.event(Event.builder("", "text").build());
            client.event(Event.builder(null, "text").build());
            client.event(Event.builder("title", null).build());
            client.serviceCheck(null);
            client.serviceCheck(ServiceCheck.builder("", ServiceCheck.Status.OK).build());
            client.serviceCheck(ServiceCheck.builder("check", null).build());
            client.countAt("c", 1, null);
            client.countAt("c", 1, Instant.EPOCH);
            client.gaugeAt("g", Double.NaN, AT);
            client.gaugeAt(null, 1, AT);
            client.close();
            assertThat(client.stats().droppedInvalid()).isEqualTo(11);
            assertThat(client.stats().sent()).isZero();
        }
    }

    @Test
    void rejectsAContainerIdThatWouldBreakTheLine() {
        for (String bad : new String[] {"", "a b", "a|b", "a,b", "a\nb"}) {
            assertThatThrownBy(() -> StatsdConfig.builder().containerId(bad).build())
                    .isInstanceOf(StatsdConfigException.class)
                    .extracting(e -> ((StatsdConfigException) e).option())
                    .isEqualTo("containerId");
        }
        StatsdConfig config = StatsdConfig.builder().containerId("ci-abc").build();
        assertThat(config.containerId()).isEqualTo("ci-abc");
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(StatsdConfig.builder().build().containerId()).isNull();
    }

    @Test
    void ignoresTheContainerIdInOtherFlavours() throws Exception {
        try (UdpReceiver receiver = UdpReceiver.start()) {
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("127.0.0.1")
                    .port(receiver.port())
                    .containerId("abc")
                    .build());
            client.increment("hits");
            client.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.lines().size() == 1);
            assertThat(receiver.lines()).containsExactly("hits:1|c");
        }
    }

    @Test
    void eventsAndServiceChecksDescribeThemselvesForLogs() {
        Event event = Event.builder("Deploy", "text")
                .alertType(Event.AlertType.SUCCESS)
                .tags("env:prod")
                .build();
        ServiceCheck check = ServiceCheck.builder("shop.db", ServiceCheck.Status.CRITICAL)
                .tags("env:prod")
                .build();

        assertThat(event).hasToString("Event{title='Deploy', alertType=SUCCESS, tags=[env:prod]}");
        assertThat(check).hasToString("ServiceCheck{name='shop.db', status=CRITICAL, tags=[env:prod]}");
    }
}
