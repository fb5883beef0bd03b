package io.openvcluster.server.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.kube.BackendSettings;
import io.openvcluster.server.kube.crd.ServerRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The records the AOT training starts with are what the facade stores for an active server: they bind to its record
 * classes (an unknown property would fail the list), with their status written, in a project of their own.
 */
class SeededServersTest {

    @Test
    void seededRecordsAreActiveServersOfTheirOwnProject() {
        try (SandboxCluster sandbox = SandboxCluster.start(SandboxSettings.defaults())) {
            KubernetesClient client = sandbox.client();
            SeededServers.write(client, BackendSettings.DEFAULT_NAMESPACE, 5);

            List<ServerRecord> listed = client.resources(ServerRecord.class)
                    .inNamespace(BackendSettings.DEFAULT_NAMESPACE).list().getItems();

            assertEquals(5, listed.size());
            assertEquals(5, listed.stream().map(r -> r.getMetadata().getName()).distinct().count());
            for (ServerRecord record : listed) {
                assertEquals(SeededServers.PROJECT, record.getSpec().getProjectId());
                assertEquals("active", record.getStatus().getVmState());
                assertEquals("vc.tiny", record.getSpec().getFlavor().name());
                assertEquals(1, record.getStatus().getActions().size());
            }
        }
    }
}
