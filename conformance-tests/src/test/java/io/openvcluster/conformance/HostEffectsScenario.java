package io.openvcluster.conformance;

import static io.openvcluster.conformance.CliSteps.requireCli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.openvcluster.server.kube.crd.Records;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What each verb does to the host, seen from outside: the real {@code openstack} CLI drives a facade, and after every
 * verb the test reads the host objects with its own Kubernetes client — the StatefulSet's replicas and vcluster's
 * pause annotations, the control-plane pod, the ResourceQuota, the kubeconfig behind the console URL, the data volume
 * claim made anew by a rebuild to an older version, the namespace after delete. {@link CliHostEffectsIT} runs it on the sandbox cluster (its own process);
 * {@link RealClusterHostEffectsIT} on a real cluster, opt-in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class HostEffectsScenario {
    private static final String NAME = "host-vc1";

    private SandboxServer facade;
    private KubernetesClient kube;
    private OpenStackCli demo;
    private String serverId;
    private Map<String, Quantity> quotaBeforeResize;

    @BeforeAll
    void start() throws Exception {
        requireCli();
        Path kubeconfig = startCluster();
        kube = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        facade = SandboxServer.start(getClass().getSimpleName(), Map.of("KUBECONFIG", kubeconfig.toString()));
        demo = new OpenStackCli(facade.authUrl(), "demo", "demo", SandboxServer.PASSWORD);
    }

    /** Starts (or finds) the host cluster; returns its kubeconfig. May skip the test with an assumption. */
    abstract Path startCluster() throws Exception;

    abstract void stopCluster() throws Exception;

    /** How long a verb may take to reach its state on this cluster. */
    abstract Duration patience();

    @AfterAll
    void stop() throws Exception {
        if (facade != null) {
            facade.close();
        }
        if (kube != null) {
            kube.close();
        }
        stopCluster();
    }

    @Test
    @Order(1)
    void createMakesTheVclustersStatefulSetReady() throws Exception {
        // the newest base image (the highest version sorts last by name), so that a rebuild below can go down
        String image = "";
        for (JsonNode i : demo.json("image", "list")) {
            image = i.path("Name").asText().compareTo(image) > 0 ? i.path("Name").asText() : image;
        }
        JsonNode created = demo.json("server", "create", "--flavor", "vc.tiny", "--image", image, "--wait", NAME);
        assertEquals("ACTIVE", created.path("status").asText(), created::toString);
        serverId = created.path("id").asText();
        StatefulSet sts = statefulSet();
        assertEquals(1, sts.getSpec().getReplicas());
        assertEquals(1, sts.getStatus().getReadyReplicas());
        assertNotNull(kube.secrets().inNamespace(namespace()).withName("vc-" + release()).get(), "kubeconfig Secret");
    }

    @Test
    @Order(2)
    void stopIsVclusterPause() throws Exception {
        verb("SHUTOFF", "server", "stop", NAME);
        StatefulSet sts = statefulSet();
        assertEquals(0, sts.getSpec().getReplicas());
        Map<String, String> annotations = sts.getMetadata().getAnnotations();
        assertEquals("true", annotations.get("loft.sh/paused"), annotations::toString);
        assertEquals("1", annotations.get("loft.sh/paused-replicas"));
        assertNotNull(annotations.get("loft.sh/paused-date"));
        awaitHost("the control-plane pod is gone", () -> controlPlanePod() == null);
    }

    @Test
    @Order(3)
    void startIsVclusterResume() throws Exception {
        verb("ACTIVE", "server", "start", NAME);
        StatefulSet sts = statefulSet();
        assertEquals(1, sts.getSpec().getReplicas());
        Map<String, String> annotations = sts.getMetadata().getAnnotations() == null ? Map.of() : sts.getMetadata().getAnnotations();
        assertNull(annotations.get("loft.sh/paused"), annotations::toString);
        assertNull(annotations.get("loft.sh/paused-replicas"));
        assertNotNull(controlPlanePod(), "the control plane runs again");
    }

    @Test
    @Order(4)
    void pauseScalesTheControlPlaneToZeroAndUnpauseBringsItBack() throws Exception {
        verb("PAUSED", "server", "pause", NAME);
        assertEquals(0, statefulSet().getSpec().getReplicas());
        verb("ACTIVE", "server", "unpause", NAME);
        assertEquals(1, statefulSet().getSpec().getReplicas());
    }

    @Test
    @Order(5)
    void rebootReplacesTheControlPlanePod() throws Exception {
        String before = controlPlanePod().getMetadata().getUid();
        OpenStackCli.Result r = demo.run("server", "reboot", "--wait", NAME);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("ACTIVE", demo.json("server", "show", NAME).path("status").asText());
        awaitHost("a new control-plane pod", () -> {
            Pod pod = controlPlanePod();
            return pod != null && !before.equals(pod.getMetadata().getUid());
        });
    }

    @Test
    @Order(6)
    void resizeChangesTheQuotaAndRevertRestoresItExactly() throws Exception {
        quotaBeforeResize = quota().getSpec().getHard();
        OpenStackCli.Result r = demo.run("server", "resize", "--flavor", "vc.small", "--wait", NAME);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("VERIFY_RESIZE", demo.json("server", "show", NAME).path("status").asText());
        Map<String, Quantity> resized = quota().getSpec().getHard();
        assertNotEquals(quotaBeforeResize, resized, "the new flavor's quota is on the host");

        verb("ACTIVE", "server", "resize", "revert", NAME);
        assertEquals(quotaBeforeResize, quota().getSpec().getHard(), "revert restores the previous quota exactly");
        assertEquals("vc.tiny", demo.json("server", "show", NAME).path("flavor").asText().split(" ")[0]);
    }

    @Test
    @Order(7)
    void theConsoleUrlDownloadsTheKubeconfigOfThisVcluster() throws Exception {
        String url = demo.json("console", "url", "show", NAME).path("url").asText();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("server: https://" + release() + "." + namespace() + ":443"), r.body());
    }

    @Test
    @Order(8)
    void rebuildToAnOlderVersionWipesTheDataAndPreserveEphemeralCannotDowngrade() throws Exception {
        String current = demo.json("server", "show", NAME).path("image").asText();
        // the oldest base image the catalog offers (the server runs the newest)
        String older = null;
        for (JsonNode image : demo.json("image", "list")) {
            String name = image.path("Name").asText();
            if (older == null || name.compareTo(older) < 0) {
                older = name;
            }
        }
        assertNotNull(older, "a base image");
        assertTrue(!current.contains(older), "the server runs the newest image, not " + older);
        OpenStackCli.Result kept = demo.run("server", "rebuild", "--preserve-ephemeral", "--image", older, NAME);
        assertNotEquals(0, kept.exitCode(), kept::toString);
        assertTrue(kept.stderr().contains("never downgraded"), kept::toString);

        String dataClaim = "data-" + release() + "-0";
        String claimUid = kube.persistentVolumeClaims().inNamespace(namespace()).withName(dataClaim).get()
                .getMetadata().getUid();
        OpenStackCli.Result r = demo.run("server", "rebuild", "--image", older, "--wait", NAME);
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode shown = demo.json("server", "show", NAME);
        assertEquals("ACTIVE", shown.path("status").asText(), shown::toString);
        assertTrue(shown.path("image").asText().contains(older), shown::toString);
        awaitHost("a new, empty data volume claim " + dataClaim, () -> {
            var claim = kube.persistentVolumeClaims().inNamespace(namespace()).withName(dataClaim).get();
            return claim != null && !claimUid.equals(claim.getMetadata().getUid());
        });
        assertNotNull(controlPlanePod(), "the control plane runs again");
        JsonNode rebuild = demo.json("server", "event", "list", NAME).get(0);
        assertEquals("rebuild", rebuild.path("Action").asText(), rebuild::toString);
        String events = demo.json("--os-compute-api-version", "2.51", "server", "event", "show", NAME,
                rebuild.path("Request ID").asText()).toString();
        assertTrue(events.contains("wipe_data"), events);
    }

    @Test
    @Order(9)
    void theEventsNameTheHostOperations() throws Exception {
        JsonNode events = demo.json("server", "event", "list", NAME);
        List<String> actions = new java.util.ArrayList<>();
        events.forEach(e -> actions.add(e.path("Action").asText()));
        assertTrue(actions.containsAll(List.of("create", "stop", "start", "pause", "unpause", "reboot", "resize",
                "revertResize", "rebuild")), actions::toString);
    }

    @Test
    @Order(10)
    void deleteRemovesTheNamespace() throws Exception {
        String ns = namespace();
        OpenStackCli.Result r = demo.run("server", "delete", "--wait", NAME);
        assertEquals(0, r.exitCode(), r::toString);
        awaitHost("namespace " + ns + " deleted", () -> kube.namespaces().withName(ns).get() == null);
    }

    private void verb(String status, String... args) throws Exception {
        CliSteps.verb(demo, NAME, status, patience(), args);
    }

    private void awaitHost(String what, Supplier<Boolean> condition) throws InterruptedException {
        for (long i = 0; i < patience().toMillis() / 250; i++) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not seen on the host within " + patience() + ": " + what);
    }

    private StatefulSet statefulSet() {
        List<StatefulSet> found = kube.apps().statefulSets().inAnyNamespace()
                .withLabel(Records.LABEL_SERVER_ID, serverId).list().getItems();
        assertEquals(1, found.size(), "one control-plane StatefulSet for " + serverId);
        return found.get(0);
    }

    private String namespace() {
        return statefulSet().getMetadata().getNamespace();
    }

    private String release() {
        return statefulSet().getMetadata().getName();
    }

    private Pod controlPlanePod() {
        return kube.pods().inNamespace(namespace()).withName(release() + "-0").get();
    }

    private ResourceQuota quota() {
        return kube.resourceQuotas().inNamespace(namespace()).withName("vc-" + release()).get();
    }
}
