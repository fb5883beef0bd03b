package io.openvcluster.server.kube.reconcile;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.Backend;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.sandbox.SandboxSettings;
import io.openvcluster.server.testing.Fixtures;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A facade that stops in the middle of a create or a delete leaves the records and the host half-way; a new facade
 * on the same cluster finishes the job. The sandbox outlives both backends, as a real cluster would.
 */
class CrashResumeIT {
    private SandboxCluster sandbox;

    @BeforeEach
    void start() {
        // A slow host (2 s to start a control plane) leaves room to stop the first backend before ACTIVE.
        sandbox = SandboxCluster.start(SandboxSettings.defaults().withSimulatorDelay(Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void createInterruptedAfterTheNamespaceFinishesOnANewBackend() {
        KubernetesClient first = sandbox.client();
        String id;
        String namespace;
        try (Backend backend = Backend.start(first, Fixtures.settings())) {
            id = backend.domain().servers().createServer(ALICE, create("phoenix")).servers().get(0).id();
            namespace = record(first, id).getSpec().getHostNamespace();
            await("namespace created", () -> first.namespaces().withName(namespace).get() != null);
        }
        // stopped: the server is not ACTIVE yet, and nobody is working on it
        assertNotEquals("active", vmState(first, id));

        KubernetesClient second = sandbox.client();
        try (Backend backend = Backend.start(second, Fixtures.settings())) {
            await("active after restart", () -> "active".equals(backend.domain().servers().getServer(ALICE, id).vmState()));
            assertEquals("Success", record(second, id).getStatus().getActions().get(0).result());
        }
    }

    @Test
    void deleteInterruptedFinishesOnANewBackend() {
        KubernetesClient first = sandbox.client();
        String id;
        String namespace;
        try (Backend backend = Backend.start(first, Fixtures.settings())) {
            id = backend.domain().servers().createServer(ALICE, create("ashes")).servers().get(0).id();
            namespace = record(first, id).getSpec().getHostNamespace();
            await("active", () -> "active".equals(backend.domain().servers().getServer(ALICE, id).vmState()));
        }
        // Record the delete intent only, as a facade that died right after accepting the DELETE would have.
        ServerRecord intent = record(first, id);
        intent.getSpec().setDeleteRequested(true);
        first.resource(intent).update();
        assertEquals(namespace, record(first, id).getSpec().getHostNamespace());

        KubernetesClient second = sandbox.client();
        try (Backend backend = Backend.start(second, Fixtures.settings())) {
            await("record gone", () -> second.resources(ServerRecord.class).inNamespace(BackendSettings.DEFAULT_NAMESPACE)
                    .withName(id).get() == null);
            assertNull(second.namespaces().withName(namespace).get());
            ApiException e = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                    () -> backend.domain().servers().getServer(ALICE, id));
            assertEquals(404, e.status());
        }
    }

    private static ServerRecord record(KubernetesClient client, String id) {
        return client.resources(ServerRecord.class).inNamespace(BackendSettings.DEFAULT_NAMESPACE).withName(id).get();
    }

    private static String vmState(KubernetesClient client, String id) {
        ServerRecord record = record(client, id);
        return record.getStatus() == null ? null : record.getStatus().getVmState();
    }
}
