package io.openvcluster.server.http;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.testing.TestSandbox;
import java.time.Duration;

/**
 * The real domain on a {@link TestSandbox}, one per test class ({@link SandboxApiTest}): started by the first call,
 * as Helidon's {@code @SetUpRoute} runs before any JUnit extension could start it.
 */
final class SandboxDomain {
    private static TestSandbox sandbox;

    private SandboxDomain() {
    }

    static synchronized Domain domain() {
        if (sandbox == null) {
            sandbox = TestSandbox.builder().simulatorDelay(Duration.ofMillis(100)).startWithBackend();
        }
        return sandbox.backend().domain();
    }

    /** The sandbox cluster's API, for a test that puts a record in a state no API call can. */
    static synchronized KubernetesClient client() {
        domain();
        return sandbox.client();
    }

    static synchronized void close() {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }
}
