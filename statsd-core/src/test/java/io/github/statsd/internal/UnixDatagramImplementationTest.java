package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which class sends Unix datagrams: the FFM one from the multi-release jar on Java 22+, else jnr-unixsocket. */
class UnixDatagramImplementationTest {

    @Test
    void java22AndLaterSendThroughFfmFromTheJarAndOlderJavaThroughJnr() throws URISyntaxException {
        // a classes directory is not read as a multi-release jar: its Java 22 classes are not used
        Path location = Path.of(UnixDatagramTransports.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        boolean multiReleaseJar = Files.isRegularFile(location);
        boolean ffm = Runtime.version().feature() >= 22 && multiReleaseJar;

        assertThat(UnixDatagramTransports.unavailableReason()).isNull();
        assertThat(UnixDatagramTransports.implementation())
                .isEqualTo(ffm ? "FfmUnixDatagramTransport" : "JnrUnixDatagramTransport");
    }
}
