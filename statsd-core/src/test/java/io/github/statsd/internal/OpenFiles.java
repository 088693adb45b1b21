package io.github.statsd.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts this process's open file descriptors (Linux), to show that a transport closes the sockets it opened. */
final class OpenFiles {

    private OpenFiles() {}

    static long count() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    interface Cycle {
        void run() throws Exception;
    }

    /**
     * Runs a cycle once to load its classes (a jar opened then stays open), then again: @return the descriptors the
     * second run left open
     */
    static long leftOpenBy(Cycle cycle) throws Exception {
        cycle.run();
        long before = count();
        cycle.run();
        return count() - before;
    }
}
