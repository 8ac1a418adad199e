package io.github.flinkjobs.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Describes the machine a benchmark runs on, from the JVM and from Linux's {@code /proc} and {@code /etc}. */
final class Machines {

    private Machines() {
    }

    /** This machine. */
    static Results.Machine current() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String cpu = field(Path.of("/proc/cpuinfo"), "model name", ":").orElse(System.getProperty("os.arch"));
        String osName = field(Path.of("/etc/os-release"), "PRETTY_NAME", "=").map(name -> name.replace("\"", ""))
                .orElse(System.getProperty("os.name")) + ", kernel " + System.getProperty("os.version");
        String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        return new Results.Machine(cpu, Runtime.getRuntime().availableProcessors(),
                Math.round(os.getTotalMemorySize() / 1e8) / 10.0, jdk, osName);
    }

    /** The value of the first line of {@code file} that starts with {@code key}, after {@code separator}. */
    static Optional<String> field(Path file, String key, String separator) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream()
                    .filter(line -> line.startsWith(key) && line.contains(separator))
                    .map(line -> line.substring(line.indexOf(separator) + separator.length()).trim())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
