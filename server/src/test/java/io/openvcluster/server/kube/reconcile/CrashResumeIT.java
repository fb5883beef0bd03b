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
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.testing.SlowHost;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A facade that stops in the middle of a create or a delete leaves the records and the host half-way; a new facade
 * on the same cluster finishes the job. The sandbox outlives both backends, as a real cluster would.
 */
class CrashResumeIT {
    /** A slow host (2 s to start a control plane) leaves room to stop the first backend before ACTIVE. */
    @RegisterExtension
    final SlowHost host = new SlowHost(Duration.ofSeconds(2));

    @Test
    void createInterruptedAfterTheNamespaceFinishesOnANewBackend() {
        KubernetesClient client = host.client();
        String id;
        String namespace;
        try (Backend backend = host.backend()) {
            id = backend.domain().servers().createServer(ALICE, create("phoenix")).servers().get(0).id();
            namespace = host.record(id).getSpec().getHostNamespace();
            await("namespace created", () -> client.namespaces().withName(namespace).get() != null);
        }
        // stopped: the server is not ACTIVE yet, and nobody is working on it
        assertNotEquals("active", vmState(id));

        try (Backend backend = host.backend()) {
            await("active after restart", () -> "active".equals(backend.domain().servers().getServer(ALICE, id).vmState()));
            assertEquals("Success", host.record(id).getStatus().getActions().get(0).result());
        }
    }

    @Test
    void deleteInterruptedFinishesOnANewBackend() {
        KubernetesClient client = host.client();
        String id;
        String namespace;
        try (Backend backend = host.backend()) {
            id = backend.domain().servers().createServer(ALICE, create("ashes")).servers().get(0).id();
            namespace = host.record(id).getSpec().getHostNamespace();
            await("active", () -> "active".equals(backend.domain().servers().getServer(ALICE, id).vmState()));
        }
        // Record the delete intent only, as a facade that died right after accepting the DELETE would have.
        ServerRecord intent = host.record(id);
        intent.getSpec().setDeleteRequested(true);
        client.resource(intent).update();
        assertEquals(namespace, host.record(id).getSpec().getHostNamespace());

        try (Backend backend = host.backend()) {
            await("record gone", () -> host.record(id) == null);
            assertNull(client.namespaces().withName(namespace).get());
            ApiException e = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                    () -> backend.domain().servers().getServer(ALICE, id));
            assertEquals(404, e.status());
        }
    }

    private String vmState(String id) {
        ServerRecord record = host.record(id);
        return record.getStatus() == null ? null : record.getStatus().getVmState();
    }
}
