package io.github.statsd.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The kernel's host-wide UDP counters (Linux {@code /proc/net/snmp}), to tell our loss from the kernel's. */
public final class KernelUdpStats {

    private KernelUdpStats() {}

    /**
     * Returns how many datagrams the kernel dropped because a receiving socket's buffer was full.
     *
     * @return the host-wide count, or -1 where the kernel does not tell
     */
    public static long receiveBufferErrors() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                    String[] names = lines.get(i).trim().split("\\s+");
                    String[] values = lines.get(i + 1).trim().split("\\s+");
                    for (int k = 0; k < names.length && k < values.length; k++) {
                        if (names[k].equals("RcvbufErrors")) {
                            return Long.parseLong(values[k]);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no procfs
        }
        return -1;
    }
}
