package io.openvcluster.server.http;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.Backend;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.sandbox.SandboxSettings;
import io.openvcluster.server.testing.Fixtures;
import java.time.Duration;

/** The real domain on a sandbox cluster, one per test class ({@link SandboxApiTest}). */
final class SandboxDomain {
    private static SandboxCluster sandbox;
    private static Backend backend;

    private SandboxDomain() {
    }

    static synchronized Domain domain() {
        if (backend == null) {
            sandbox = SandboxCluster.start(SandboxSettings.defaults().withSimulatorDelay(Duration.ofMillis(100)));
            backend = Backend.start(sandbox.client(), Fixtures.settings());
        }
        return backend.domain();
    }

    /** The sandbox cluster's API, for a test that puts a record in a state no API call can. */
    static synchronized KubernetesClient client() {
        domain();
        return sandbox.client();
    }

    static synchronized void close() {
        if (backend != null) {
            backend.close();
            sandbox.close();
            backend = null;
            sandbox = null;
        }
    }
}
