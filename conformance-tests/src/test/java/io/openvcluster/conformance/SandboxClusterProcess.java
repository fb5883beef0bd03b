package io.openvcluster.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox Kubernetes API and host simulator as their own process ({@code SandboxMain}, what
 * {@code ./ovc sandbox-cluster} runs), so that facades can be killed and restarted against a cluster that outlives
 * them. Stopped by its own pid.
 */
final class SandboxClusterProcess implements AutoCloseable {
    private final Process process;
    private final Path kubeconfig;
    private final Path log;

    private SandboxClusterProcess(Process process, Path kubeconfig, Path log) {
        this.process = process;
        this.kubeconfig = kubeconfig;
        this.log = log;
    }

    static SandboxClusterProcess start(String name, Duration simulatorDelay) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("ovc.server.jar", "../server/target/ovc-server.jar")).toAbsolutePath().normalize();
        Path dir = Files.createDirectories(Path.of("target", name).toAbsolutePath());
        Path kubeconfig = dir.resolve("sandbox.kubeconfig");
        Files.deleteIfExists(kubeconfig);
        Path log = dir.resolve("sandbox-cluster.log");
        Process process = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", jar.toString(), "io.openvcluster.server.sandbox.SandboxMain",
                "--kubeconfig-out", kubeconfig.toString(), "--delay-ms", Long.toString(simulatorDelay.toMillis())))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SandboxClusterProcess cluster = new SandboxClusterProcess(process, kubeconfig, log);
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.isRegularFile(kubeconfig)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                cluster.close();
                throw new IllegalStateException("the sandbox cluster did not write its kubeconfig:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return cluster;
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
