package io.github.statsd.internal;

/**
 * Creates the Unix datagram transport: the Java 22 version of this class, in the multi-release jar, which sends through
 * the FFM API ({@code java.lang.foreign}) and needs no library.
 */
public final class UnixDatagramTransports {

    /** The optional library Java 17 to 21 need, as an application adds it. */
    public static final String JNR_COORDINATES = "com.github.jnr:jnr-unixsocket:0.38.23";

    private UnixDatagramTransports() {}

    /**
     * Says why Unix datagram sockets cannot be used here, if they cannot.
     *
     * @return {@code null} when they can, else what to add or change
     */
    public static String unavailableReason() {
        return FfmUnixDatagramTransport.unavailableReason();
    }

    static Transport create(String socketPath, int maxPacketSize) {
        return new FfmUnixDatagramTransport(socketPath, maxPacketSize);
    }

    /** @return the name of the class that sends, for tests */
    static String implementation() {
        return FfmUnixDatagramTransport.class.getSimpleName();
    }
}
