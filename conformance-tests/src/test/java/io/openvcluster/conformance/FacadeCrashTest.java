package io.openvcluster.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
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
class FacadeCrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
            String token = login(first);
            HttpResponse<String> created = send(first, token, "POST", "/compute/v2.1/servers",
                    "{\"server\":{\"name\":\"survivor\",\"flavorRef\":\"1\",\"imageRef\":\"" + anyImage(first, token)
                            + "\"}}");
            assertEquals(202, created.statusCode(), created.body());
            serverId = JSON.readTree(created.body()).path("server").path("id").asText();
            JsonNode before = JSON.readTree(send(first, token, "GET", "/compute/v2.1/servers/" + serverId, null).body());
            first.kill();
            assertEquals("BUILD", before.path("server").path("status").asText(), "killed while the create was in progress");
        }

        String namespace;
        try (SandboxServer second = facade("crash-2")) {
            String token = login(second);
            JsonNode server = awaitStatus(second, token, serverId, "ACTIVE");
            assertEquals("survivor", server.path("name").asText());
            StatefulSet sts = statefulSetOf(serverId);
            assertNotNull(sts, "the vcluster's control plane exists on the host");
            assertEquals(1, sts.getStatus().getReadyReplicas());
            namespace = sts.getMetadata().getNamespace();

            HttpResponse<String> deleted = send(second, token, "DELETE", "/compute/v2.1/servers/" + serverId, null);
            assertEquals(204, deleted.statusCode(), deleted.body());
            second.kill();
        }
        assertNotNull(kube.resources(ServerRecord.class).inAnyNamespace().withField("metadata.name", serverId).list()
                .getItems().stream().findFirst().orElse(null), "killed before the teardown finished, as intended");

        try (SandboxServer third = facade("crash-3")) {
            String token = login(third);
            Instant deadline = Instant.now().plus(CONVERGE);
            int status;
            do {
                Thread.sleep(500);
                status = send(third, token, "GET", "/compute/v2.1/servers/" + serverId, null).statusCode();
            } while (status != 404 && Instant.now().isBefore(deadline));
            assertEquals(404, status, "the delete accepted by the killed facade was finished");
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

    private JsonNode awaitStatus(SandboxServer server, String token, String id, String wanted) throws Exception {
        Instant deadline = Instant.now().plus(CONVERGE);
        JsonNode last = JSON.nullNode();
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = send(server, token, "GET", "/compute/v2.1/servers/" + id, null);
            assertEquals(200, r.statusCode(), r.body());
            last = JSON.readTree(r.body()).path("server");
            if (wanted.equals(last.path("status").asText())) {
                return last;
            }
            assertTrue(!"ERROR".equals(last.path("status").asText()), "server went to ERROR: " + last);
            Thread.sleep(500);
        }
        throw new AssertionError("server " + id + " did not reach " + wanted + ": " + last);
    }

    private String anyImage(SandboxServer server, String token) throws Exception {
        HttpResponse<String> r = send(server, token, "GET", "/image/v2/images", null);
        return JSON.readTree(r.body()).path("images").get(0).path("id").asText();
    }

    private String login(SandboxServer server) throws Exception {
        String body = """
                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo","domain":{"name":"Default"},
                 "password":"%s"}}},"scope":{"project":{"name":"demo","domain":{"name":"Default"}}}}}"""
                .formatted(SandboxServer.PASSWORD);
        HttpResponse<String> r = send(server, null, "POST", "/identity/v3/auth/tokens", body);
        assertEquals(201, r.statusCode(), r.body());
        return r.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    private HttpResponse<String> send(SandboxServer server, String token, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
