package styletransfer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's peak resident memory (Linux VmHWM): Caffe's buffers, the JVM heap and everything else. */
final class PeakMemory {
    private PeakMemory() {}

    static long bytes() {
        return bytes(Path.of("/proc/self/status"), "VmHWM:");
    }

    /** Physical memory of the machine, from /proc/meminfo (MemTotal). */
    static long machineBytes() {
        return bytes(Path.of("/proc/meminfo"), "MemTotal:");
    }

    /** The "KEY: N kB" value of a /proc file in bytes, or -1 when it cannot be read. */
    private static long bytes(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
