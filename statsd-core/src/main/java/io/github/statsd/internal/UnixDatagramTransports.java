package io.github.statsd.internal;

/**
 * Creates the Unix datagram transport. Java 17 to 21 have no Unix datagram channels: this version sends through
 * jnr-unixsocket when the application has it on its classpath. The multi-release jar holds a Java 22 version of this
 * class that sends through the FFM API and needs nothing.
 */
public final class UnixDatagramTransports {

    /** The optional library, as an application adds it. */
    public static final String JNR_COORDINATES = "com.github.jnr:jnr-unixsocket:0.38.23";

    private static final String JNR_CHANNEL = "jnr.unixsocket.UnixDatagramChannel";

    // looked up once: the jnr transport class may only be loaded when it is there
    private static final boolean JNR_PRESENT = isPresent(JNR_CHANNEL, UnixDatagramTransports.class.getClassLoader());

    private UnixDatagramTransports() {}

    /**
     * Says why Unix datagram sockets cannot be used here, if they cannot.
     *
     * @return {@code null} when they can, else what to add or change
     */
    public static String unavailableReason() {
        return JNR_PRESENT ? null : reasonWithoutJnr();
    }

    /** @return the message given on Java 17 to 21 when jnr-unixsocket is missing */
    static String reasonWithoutJnr() {
        return "Unix datagram sockets need Java 22 or later, or jnr-unixsocket on the classpath on Java "
                + Runtime.version().feature() + " (Maven: " + JNR_COORDINATES
                + "); for the Datadog Agent's stream socket use a unixstream:// address";
    }

    static Transport create(String socketPath, int maxPacketSize) {
        return new JnrUnixDatagramTransport(socketPath);
    }

    /** @return the name of the class that sends, for tests */
    static String implementation() {
        return JNR_PRESENT ? JnrUnixDatagramTransport.class.getSimpleName() : "none";
    }

    static boolean isPresent(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
