package io.openvcluster.server.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.compute.ComputeService;
import io.openvcluster.server.kube.Backend;
import io.openvcluster.server.kube.BackendSettings;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.sandbox.SandboxSettings;
import java.time.Duration;
import java.util.function.Function;

/** A sandbox cluster (fast simulator) with the facade's backend on it, for tests of the real domain; closed together. */
public record SandboxBackend(SandboxCluster sandbox, KubernetesClient client, Backend backend) implements AutoCloseable {

    /** @param settings the backend's settings, which may depend on the sandbox (e.g. its snapshot store) */
    public static SandboxBackend start(Function<SandboxCluster, BackendSettings> settings) {
        SandboxCluster sandbox = SandboxCluster.start(SandboxSettings.defaults().withSimulatorDelay(Duration.ofMillis(100)));
        KubernetesClient client = sandbox.client();
        return new SandboxBackend(sandbox, client, Backend.start(client, settings.apply(sandbox)));
    }

    public ComputeService compute() {
        return backend.compute();
    }

    @Override
    public void close() {
        backend.close();
        sandbox.close();
    }
}
