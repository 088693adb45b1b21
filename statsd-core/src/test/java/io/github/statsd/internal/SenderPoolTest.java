package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An engine's sender threads: how many, their names, their transports, their state. */
@Timeout(60)
class SenderPoolTest {

    private static EngineSettings settings(TransportKind transport, int senders, ThreadNames names) {
        return new EngineSettings(
                transport,
                "127.0.0.1",
                8125,
                "/tmp/no-such-statsd.sock",
                1432,
                64,
                senders,
                Duration.ofHours(1),
                Duration.ofSeconds(1),
                Duration.ZERO,
                Duration.ofSeconds(5),
                Duration.ZERO,
                e -> {},
                false,
                names);
    }

    private static Map<String, Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .collect(Collectors.toMap(Thread::getName, t -> t, (a, b) -> a));
    }

    @Test
    void namesAClientsThreadsWithOneIdThatTheNextClientCountsOn() {
        Pattern sender = Pattern.compile("pooltest-sender-(\\d+)-3");
        ThreadNames first = ThreadNames.next("pooltest");
        ThreadNames second = ThreadNames.next("pooltest");

        Matcher m = sender.matcher(first.sender(3));
        assertThat(m.matches()).as(first.sender(3)).isTrue();
        int id = Integer.parseInt(m.group(1));
        assertThat(first.sender(0)).isEqualTo("pooltest-sender-" + id + "-0");
        assertThat(first.aggregator()).isEqualTo("pooltest-aggregator-" + id);
        assertThat(second.sender(0)).isEqualTo("pooltest-sender-" + (id + 1) + "-0");
        assertThat(second.aggregator()).isEqualTo("pooltest-aggregator-" + (id + 1));
    }

    @Test
    void startsOneDaemonThreadPerSenderNamedForItsClientAndEndsThemOnClose() {
        ThreadNames names = ThreadNames.next("pooltest");
        Engine engine = new Engine(settings(TransportKind.UDP, 3, names), null, line -> {});
        Set<Thread> started;
        try {
            Map<String, Thread> live = liveThreads();
            started = Set.of(live.get(names.sender(0)), live.get(names.sender(1)), live.get(names.sender(2)));
            assertThat(started).allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
            assertThat(live).doesNotContainKey(names.sender(3));
            // a line sink is always connected
            assertThat(engine.senderState()).isEqualTo(new SenderState(3, 3, 3, 0));
        } finally {
            engine.close();
        }
        assertThat(started).noneMatch(Thread::isAlive);
        assertThat(engine.senderState()).isEqualTo(new SenderState(3, 0, 0, 0));
    }

    @Test
    void aNoopEngineStartsNoSender() {
        ThreadNames names = ThreadNames.next("pooltest");
        Engine engine = Engine.noop(settings(TransportKind.UDP, 2, names));
        try {
            assertThat(liveThreads()).doesNotContainKey(names.sender(0));
            assertThat(engine.senderState()).isEqualTo(new SenderState(0, 0, 0, 0));
        } finally {
            engine.close();
        }
    }

    @Test
    void eachTransportKindMakesANewUnconnectedTransportOfItsKind() {
        ThreadNames names = ThreadNames.next("pooltest");
        Transport udp = TransportKind.UDP.create(settings(TransportKind.UDP, 1, names));
        Transport tcp = TransportKind.TCP.create(settings(TransportKind.TCP, 1, names));
        Transport unix = TransportKind.UNIX_STREAM.create(settings(TransportKind.UNIX_STREAM, 1, names));
        Transport prefixed = TransportKind.UNIX_STREAM_LENGTH_PREFIXED.create(
                settings(TransportKind.UNIX_STREAM_LENGTH_PREFIXED, 1, names));

        assertThat(udp).isInstanceOf(UdpTransport.class);
        assertThat(tcp).isInstanceOf(StreamTransport.class);
        assertThat(unix).isInstanceOf(StreamTransport.class).isNotSameAs(prefixed);
        assertThat(prefixed).isInstanceOf(StreamTransport.class);
        assertThat(TransportKind.TCP.create(settings(TransportKind.TCP, 1, names)))
                .isNotSameAs(tcp);
        for (Transport t : new Transport[] {udp, tcp, unix, prefixed}) {
            assertThat(t.isConnected()).isFalse();
        }
    }

    @Test
    void datagramsAndLengthPrefixedFramesGoWithoutTheirFinalNewline() {
        assertThat(TransportKind.UDP.sendsDatagrams()).isTrue();
        assertThat(TransportKind.UNIX_DATAGRAM.sendsDatagrams()).isTrue();
        assertThat(TransportKind.UNIX_STREAM_LENGTH_PREFIXED.sendsDatagrams()).isTrue();
        assertThat(TransportKind.TCP.sendsDatagrams()).isFalse();
        assertThat(TransportKind.UNIX_STREAM.sendsDatagrams()).isFalse();
    }
}
