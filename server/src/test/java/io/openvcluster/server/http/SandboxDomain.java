package io.openvcluster.server.http;

import io.openvcluster.server.Backend;
import io.openvcluster.server.compute.ComputeService;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.sandbox.SandboxSettings;
import io.openvcluster.server.testing.Fixtures;
import java.time.Duration;

/** The real domain on a sandbox cluster, for API tests that need its behaviour rather than the in-memory double. */
final class SandboxDomain {
    private static SandboxCluster sandbox;
    private static Backend backend;

    private SandboxDomain() {
    }

    static synchronized ComputeService compute() {
        if (backend == null) {
            sandbox = SandboxCluster.start(SandboxSettings.defaults().withSimulatorDelay(Duration.ofMillis(100)));
            backend = Backend.start(sandbox.client(), Fixtures.settings());
        }
        return backend.compute();
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
