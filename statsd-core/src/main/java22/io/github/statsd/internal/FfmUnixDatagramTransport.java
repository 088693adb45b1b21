package io.github.statsd.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A connected Unix datagram socket through the FFM API (Java 22+): {@code socket}, {@code connect} and
 * {@code send(..., MSG_DONTWAIT)} of the C library, on Linux and macOS. A full socket buffer drops the datagram (counted)
 * and never blocks. A send refused because the Agent's socket is gone or was re-created (the connected peer is dead)
 * disconnects, and the sender reconnects with backoff to the socket file as it is now.
 */
final class FfmUnixDatagramTransport implements Transport {

    private static final Libc LIBC;
    private static final String UNAVAILABLE;

    static {
        Libc libc = null;
        String reason;
        try {
            libc = Libc.load();
            reason = (libc == null)
                    ? "Unix datagram sockets are supported on Linux and macOS, not on " + System.getProperty("os.name")
                    : null;
        } catch (RuntimeException | Error e) {
            // e.g. IllegalCallerException when native access is denied to this module
            reason = "Unix datagram sockets need native access on Java 22 or later (run with"
                    + " --enable-native-access=ALL-UNNAMED, or the module's name): " + e;
        }
        LIBC = libc;
        UNAVAILABLE = reason;
    }

    private final String socketPath;
    private final DatagramDroppedException full;
    private final MemorySegment address;
    private final int addressLength;
    private final MemorySegment buffer;
    private final MemorySegment callState;
    private volatile int fd = -1;

    FfmUnixDatagramTransport(String socketPath, int maxPacketSize) {
        this.socketPath = socketPath;
        // freed with this transport: it lives as long as its sender
        Arena arena = Arena.ofAuto();
        byte[] path = socketPath.getBytes(StandardCharsets.UTF_8);
        this.address = arena.allocate(Libc.SOCKADDR_UN_SIZE);
        this.addressLength = LIBC.fillAddress(address, path);
        this.buffer = arena.allocate(maxPacketSize);
        this.callState = arena.allocate(Linker.Option.captureStateLayout());
        this.full = new DatagramDroppedException(socketPath);
    }

    static String unavailableReason() {
        return UNAVAILABLE;
    }

    @Override
    public void connect() throws IOException {
        if (fd >= 0) {
            return;
        }
        if (addressLength < 0) {
            throw new IOException("Unix socket path too long: " + socketPath);
        }
        int s = LIBC.socket(callState);
        if (s < 0) {
            throw new IOException("cannot open a Unix datagram socket: " + LIBC.error(callState));
        }
        if (LIBC.connect(callState, s, address, addressLength) != 0) {
            String error = LIBC.error(callState);
            LIBC.close(s);
            throw new IOException("cannot connect to Unix datagram socket " + socketPath + ": " + error);
        }
        fd = s;
    }

    @Override
    public boolean isConnected() {
        return fd >= 0;
    }

    @Override
    public void write(byte[] packet, int from, int length) throws IOException {
        if (length > buffer.byteSize()) {
            throw new IOException("packet of " + length + " bytes is larger than the max packet size");
        }
        MemorySegment.copy(packet, from, buffer, ValueLayout.JAVA_BYTE, 0, length);
        long sent;
        int errno = 0;
        // with disconnect(): the descriptor is never closed (and its number reused) under a send
        synchronized (this) {
            int s = fd;
            if (s < 0) {
                throw new IOException("not connected");
            }
            sent = LIBC.send(callState, s, buffer, length);
            if (sent < 0) {
                errno = LIBC.errno(callState);
            }
        }
        if (sent >= 0) {
            return;
        }
        if (LIBC.isFull(errno)) {
            // the receiver's buffer is full: this datagram is dropped (and counted), the socket stays
            throw full;
        }
        disconnect();
        throw new IOException("send to Unix datagram socket " + socketPath + " failed: " + LIBC.describe(errno));
    }

    @Override
    public void disconnect() {
        synchronized (this) {
            int s = fd;
            fd = -1;
            if (s >= 0) {
                LIBC.close(s);
            }
        }
    }

    @Override
    public void abort() {
        disconnect();
    }

    /** The C library calls, and the constants of the platform. */
    private static final class Libc {

        /** Large enough for Linux's and macOS's {@code struct sockaddr_un}. */
        static final long SOCKADDR_UN_SIZE = 110;

        private static final int AF_UNIX = 1;
        private static final int SOCK_DGRAM = 2;
        private static final int LINUX_SOCK_CLOEXEC = 0x80000;

        private final boolean bsd;
        private final int msgDontWait;
        private final int eagain;
        private final int enobufs;
        private final int pathMax;
        private final MethodHandle socket;
        private final MethodHandle connect;
        private final MethodHandle send;
        private final MethodHandle close;
        private final MethodHandle strerror;
        private final VarHandle errno;

        private Libc(boolean bsd) {
            this.bsd = bsd;
            this.msgDontWait = bsd ? 0x80 : 0x40;
            this.eagain = bsd ? 35 : 11;
            this.enobufs = bsd ? 55 : 105;
            this.pathMax = bsd ? 104 : 108;
            Linker linker = Linker.nativeLinker();
            SymbolLookup lookup = linker.defaultLookup();
            Linker.Option errnoOption = Linker.Option.captureCallState("errno");
            ValueLayout sizeT = ValueLayout.JAVA_LONG;
            this.socket = downcall(
                    linker,
                    lookup,
                    "socket",
                    FunctionDescriptor.of(
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                    errnoOption);
            this.connect = downcall(
                    linker,
                    lookup,
                    "connect",
                    FunctionDescriptor.of(
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                    errnoOption);
            this.send = downcall(
                    linker,
                    lookup,
                    "send",
                    FunctionDescriptor.of(
                            sizeT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, sizeT, ValueLayout.JAVA_INT),
                    errnoOption);
            this.close = downcall(
                    linker, lookup, "close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            this.strerror = downcall(
                    linker, lookup, "strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            this.errno = Linker.Option.captureStateLayout()
                    .varHandle(MemoryLayout.PathElement.groupElement("errno"));
        }

        /** @return the calls, or {@code null} on a platform whose socket constants are not known here */
        static Libc load() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            if (ValueLayout.ADDRESS.byteSize() != 8) {
                return null;
            }
            if (os.contains("linux")) {
                return new Libc(false);
            }
            if (os.contains("mac") || os.contains("darwin")) {
                return new Libc(true);
            }
            return null;
        }

        @SuppressWarnings("restricted")
        private static MethodHandle downcall(
                Linker linker, SymbolLookup lookup, String name, FunctionDescriptor fd, Linker.Option... options) {
            MemorySegment symbol =
                    lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("no C library function " + name));
            return linker.downcallHandle(symbol, fd, options);
        }

        /**
         * Writes {@code struct sockaddr_un} for a path.
         *
         * @return its length, or -1 when the path is too long
         */
        int fillAddress(MemorySegment addr, byte[] path) {
            if (path.length >= pathMax) {
                return -1;
            }
            int length = 2 + path.length + 1;
            if (bsd) {
                addr.set(ValueLayout.JAVA_BYTE, 0, (byte) length);
                addr.set(ValueLayout.JAVA_BYTE, 1, (byte) AF_UNIX);
            } else {
                addr.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) AF_UNIX);
            }
            MemorySegment.copy(path, 0, addr, ValueLayout.JAVA_BYTE, 2, path.length);
            addr.set(ValueLayout.JAVA_BYTE, 2 + path.length, (byte) 0);
            return length;
        }

        int socket(MemorySegment state) {
            int type = bsd ? SOCK_DGRAM : SOCK_DGRAM | LINUX_SOCK_CLOEXEC;
            try {
                return (int) socket.invokeExact(state, AF_UNIX, type, 0);
            } catch (Throwable t) {
                throw unexpected(t);
            }
        }

        int connect(MemorySegment state, int fd, MemorySegment addr, int length) {
            try {
                return (int) connect.invokeExact(state, fd, addr, length);
            } catch (Throwable t) {
                throw unexpected(t);
            }
        }

        long send(MemorySegment state, int fd, MemorySegment buf, int length) {
            try {
                return (long) send.invokeExact(state, fd, buf, (long) length, msgDontWait);
            } catch (Throwable t) {
                throw unexpected(t);
            }
        }

        void close(int fd) {
            try {
                int ignored = (int) close.invokeExact(fd);
            } catch (Throwable t) {
                // nothing more to do: closing must never throw into close() or kill the sender
            }
        }

        int errno(MemorySegment state) {
            return (int) errno.get(state, 0L);
        }

        boolean isFull(int error) {
            return error == eagain || error == enobufs;
        }

        String error(MemorySegment state) {
            return describe(errno(state));
        }

        @SuppressWarnings("restricted")
        String describe(int error) {
            try {
                MemorySegment text = (MemorySegment) strerror.invokeExact(error);
                return text.reinterpret(256).getString(0) + " (errno " + error + ")";
            } catch (Throwable t) {
                return "errno " + error;
            }
        }

        private static RuntimeException unexpected(Throwable t) {
            if (t instanceof RuntimeException r) {
                return r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            return new IllegalStateException(t);
        }
    }
}
