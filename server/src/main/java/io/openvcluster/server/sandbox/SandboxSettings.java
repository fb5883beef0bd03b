package io.openvcluster.server.sandbox;

import java.time.Duration;

/**
 * How to run the embedded cluster.
 *
 * @param host           the address the embedded API server binds to; 127.0.0.1 (the sandbox is never exposed)
 * @param port           the port, 0 for any free port
 * @param simulatorDelay how long the simulated kubelet/controllers take to act on a change; never zero, so clients
 *                       see the BUILD state as they would on a real cluster
 */
public record SandboxSettings(String host, int port, Duration simulatorDelay) {
    public static final Duration DEFAULT_DELAY = Duration.ofMillis(1500);

    public SandboxSettings {
        if (simulatorDelay.isNegative() || simulatorDelay.isZero()) {
            throw new IllegalArgumentException("the simulator delay must be positive, got " + simulatorDelay);
        }
    }

    public static SandboxSettings defaults() {
        return new SandboxSettings("127.0.0.1", 0, DEFAULT_DELAY);
    }

    public SandboxSettings withSimulatorDelay(Duration delay) {
        return new SandboxSettings(host, port, delay);
    }
}
