package io.github.statsd;

import static io.github.statsd.Loopback.awaiting;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketTest {

    @Test
    void sendsNewlineTerminatedLinesOverAUnixDomainSocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("statsd.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            StatsdClient client = StatsdClient.create(StatsdConfig.builder()
                    .host("unix://" + socket)
                    .flavor(Flavor.DATADOG)
                    .build());
            for (int i = 0; i < 1000; i++) {
                client.count("hits", i, "via:uds");
            }
            client.close();

            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try (SocketChannel connection = server.accept()) {
                connection.configureBlocking(false);
                ByteBuffer buf = ByteBuffer.allocate(65536);
                awaiting().until(() -> {
                    buf.clear();
                    int n = connection.read(buf);
                    received.write(buf.array(), 0, Math.max(0, n));
                    return n < 0;
                });
            }
            String text = received.toString(StandardCharsets.UTF_8);
            List<String> lines = List.of(text.split("\n"));

            assertThat(client.config().protocol()).isEqualTo(Protocol.UDS);
            assertThat(client.stats().sent()).isEqualTo(1000);
            assertThat(text).endsWith("\n");
            assertThat(lines).hasSize(1000).startsWith("hits:0|c|#via:uds").endsWith("hits:999|c|#via:uds");
        }
    }
}
