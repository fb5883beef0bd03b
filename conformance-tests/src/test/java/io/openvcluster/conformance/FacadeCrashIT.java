package io.openvcluster.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * State lives in Kubernetes: the facade process is killed with {@code kill -9} right after it accepted a verb, and a
 * new facade started against the same cluster (a separate sandbox process that outlives both) finishes the verb.
 * Checked through the API and on the host objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FacadeCrashIT {
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private SandboxClusterProcess cluster;
    private KubernetesClient kube;

    @BeforeAll
    void startCluster() throws Exception {
        // A slow simulated host (2 s per step) so that the kill lands while the create is still in progress.
        cluster = SandboxClusterProcess.start("facade-crash", Duration.ofSeconds(2));
        kube = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig())))
                .build();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (kube != null) {
            kube.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aCreateAndADeleteAcceptedByAKilledFacadeAreFinishedByTheNextOne() throws Exception {
        String serverId;
        try (SandboxServer first = facade("crash-1")) {
            FacadeClient demo = FacadeClient.login(first, "demo");
            HttpResponse<String> created = demo.call("POST", "/compute/v2.1/servers",
                    "{\"server\":{\"name\":\"survivor\",\"flavorRef\":\"1\",\"imageRef\":\"" + demo.anyImage() + "\"}}");
            assertEquals(202, created.statusCode(), created.body());
            serverId = FacadeClient.JSON.readTree(created.body()).path("server").path("id").asText();
            JsonNode before = FacadeClient.JSON.readTree(demo.call("GET", "/compute/v2.1/servers/" + serverId, null).body());
            first.kill();
            assertEquals("BUILD", before.path("server").path("status").asText(), "killed while the create was in progress");
        }

        String namespace;
        try (SandboxServer second = facade("crash-2")) {
            FacadeClient demo = FacadeClient.login(second, "demo");
            JsonNode server = demo.awaitStatus(serverId, "ACTIVE", CONVERGE);
            assertEquals("survivor", server.path("name").asText());
            StatefulSet sts = statefulSetOf(serverId);
            assertNotNull(sts, "the vcluster's control plane exists on the host");
            assertEquals(1, sts.getStatus().getReadyReplicas());
            namespace = sts.getMetadata().getNamespace();

            HttpResponse<String> deleted = demo.call("DELETE", "/compute/v2.1/servers/" + serverId, null);
            assertEquals(204, deleted.statusCode(), deleted.body());
            second.kill();
        }
        assertNotNull(kube.resources(ServerRecord.class).inAnyNamespace().withField("metadata.name", serverId).list()
                .getItems().stream().findFirst().orElse(null), "killed before the teardown finished, as intended");

        try (SandboxServer third = facade("crash-3")) {
            FacadeClient.login(third, "demo").awaitStatus(serverId, "DELETED", CONVERGE);
            assertNull(kube.namespaces().withName(namespace).get(), "the host namespace is gone");
        }
    }

    private SandboxServer facade(String name) throws IOException, InterruptedException {
        return SandboxServer.start(name, Map.of("KUBECONFIG", cluster.kubeconfig().toString()));
    }

    private StatefulSet statefulSetOf(String serverId) {
        List<StatefulSet> found = kube.apps().statefulSets().inAnyNamespace()
                .withLabel(Records.LABEL_SERVER_ID, serverId).list().getItems();
        return found.isEmpty() ? null : found.get(0);
    }
}
