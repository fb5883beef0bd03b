package io.openvcluster.server.sandbox;

import static io.openvcluster.server.testing.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxClusterIT {
    private static final Map<String, String> SELECTOR = Map.of("app", "vcluster", "release", "vc1");
    private static SandboxCluster sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        // SandboxCluster itself under test (its API and host simulator), not through TestSandbox
        sandbox = SandboxCluster.start(SandboxSettings.defaults().withSimulatorDelay(Duration.ofMillis(200)));
        client = sandbox.client();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void bindsToLoopbackAndServesOurCrds() {
        assertTrue(sandbox.url().startsWith("http://127.0.0.1:"), sandbox.url());
        assertNotNull(client.apiextensions().v1().customResourceDefinitions().withName("servers.compute.openvcluster.io").get());
    }

    @Test
    void kubeconfigReachesTheSameCluster() {
        client.resource(new NamespaceBuilder().withNewMetadata().withName("kc-check").endMetadata().build()).create();
        try (KubernetesClient other = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(sandbox.kubeconfigYaml())).build()) {
            assertNotNull(other.namespaces().withName("kc-check").get());
        }
    }

    @Test
    void aServiceHasItsClusterIpInTheCreatesAnswerAsFromAnApiServer() {
        client.resource(new NamespaceBuilder().withNewMetadata().withName("ips").endMetadata().build()).create();
        Service first = client.resource(service("first", null)).create();
        Service second = client.resource(service("second", null)).create();
        Service headless = client.resource(service("headless", "None")).create();
        Service chosen = client.resource(service("chosen", "10.96.200.7")).create();

        assertTrue(first.getSpec().getClusterIP().startsWith("10.96."), first.getSpec().getClusterIP());
        assertNotEquals(first.getSpec().getClusterIP(), second.getSpec().getClusterIP());
        assertEquals(List.of(first.getSpec().getClusterIP()), first.getSpec().getClusterIPs());
        assertEquals("None", headless.getSpec().getClusterIP());
        assertEquals("10.96.200.7", chosen.getSpec().getClusterIP());
        // stored as answered
        assertEquals(first.getSpec().getClusterIP(),
                client.services().inNamespace("ips").withName("first").get().getSpec().getClusterIP());
    }

    private static Service service(String name, String clusterIp) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("ips").endMetadata()
                .withNewSpec().withClusterIP(clusterIp).withSelector(SELECTOR).endSpec().build();
    }

    @Test
    void statefulSetComesUpScalesDownAndNamespaceDeletionCascades() {
        client.resource(new NamespaceBuilder().withNewMetadata().withName("vc-ns").endMetadata().build()).create();
        client.resource(new ServiceBuilder().withNewMetadata().withName("vc1").withNamespace("vc-ns")
                .withLabels(SELECTOR).endMetadata().withNewSpec().withSelector(SELECTOR).endSpec().build()).create();
        client.resource(statefulSet(1)).create();

        Pod pod = awaitPod();
        assertEquals("Running", pod.getStatus().getPhase());
        assertEquals(SELECTOR.get("release"), pod.getMetadata().getLabels().get("release"));
        await("status ready", () -> Integer.valueOf(1).equals(sts().getStatus() == null ? null : sts().getStatus().getReadyReplicas()));
        Secret kubeconfig = io.openvcluster.server.testing.Eventually.awaitValue("kubeconfig secret",
                () -> client.secrets().inNamespace("vc-ns").withName("vc-vc1").get());
        assertTrue(new String(Base64.getDecoder().decode(kubeconfig.getData().get("config")), StandardCharsets.UTF_8)
                .contains("https://localhost:8443"));
        assertNotNull(client.persistentVolumeClaims().inNamespace("vc-ns").withName("data-vc1-0").get());
        assertTrue(client.services().inNamespace("vc-ns").withName("vc1").get().getSpec().getClusterIP()
                .startsWith("10.96."));

        client.apps().statefulSets().inNamespace("vc-ns").withName("vc1").scale(0);
        await("pod gone", () -> client.pods().inNamespace("vc-ns").withName("vc1-0").get() == null);
        await("status 0", () -> Integer.valueOf(0).equals(sts().getStatus().getReplicas()));

        client.namespaces().withName("vc-ns").delete();
        await("contents gone", () -> client.apps().statefulSets().inNamespace("vc-ns").list().getItems().isEmpty()
                && client.secrets().inNamespace("vc-ns").list().getItems().isEmpty()
                && client.services().inNamespace("vc-ns").list().getItems().isEmpty());
        await("claims gone", () -> client.persistentVolumeClaims().inNamespace("vc-ns").list().getItems().isEmpty());
    }

    @Test
    void theFaultMarkCrashesTheRunningPodWithoutReplacingIt() {
        client.resource(new NamespaceBuilder().withNewMetadata().withName("vc-crash").endMetadata().build()).create();
        client.resource(new StatefulSetBuilder(statefulSet(1)).editMetadata().withNamespace("vc-crash").endMetadata()
                .build()).create();
        Pod running = io.openvcluster.server.testing.Eventually.awaitValue("pod vc1-0",
                () -> client.pods().inNamespace("vc-crash").withName("vc1-0").get());
        assertEquals(List.of("Ready", "ContainersReady"),
                running.getStatus().getConditions().stream().map(c -> c.getType()).toList());

        // read, mark, update, and again on 409: the simulator writes the StatefulSet's status meanwhile
        io.openvcluster.server.testing.Eventually.awaitValue("the fault mark on vc1", () -> {
            StatefulSet marked = client.apps().statefulSets().inNamespace("vc-crash").withName("vc1").get();
            marked.getMetadata().setAnnotations(Map.of(HostSimulator.POD_FAULT_ANNOTATION, "CrashLoopBackOff"));
            try {
                return client.resource(marked).update();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return null;
                }
                throw e;
            }
        });

        Pod crashed = io.openvcluster.server.testing.Eventually.awaitValue("pod vc1-0 crashing", () -> {
            Pod pod = client.pods().inNamespace("vc-crash").withName("vc1-0").get();
            return pod != null && pod.getStatus().getContainerStatuses() != null
                    && !pod.getStatus().getContainerStatuses().isEmpty() ? pod : null;
        });
        assertEquals("CrashLoopBackOff",
                crashed.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason());
        assertEquals(List.of(), crashed.getStatus().getConditions());
        // the kubelet's view changed, not the pod: same object, not a replacement
        assertEquals(running.getMetadata().getUid(), crashed.getMetadata().getUid());
    }

    private static Pod awaitPod() {
        return io.openvcluster.server.testing.Eventually.awaitValue("pod vc1-0",
                () -> client.pods().inNamespace("vc-ns").withName("vc1-0").get());
    }

    private static StatefulSet sts() {
        return client.apps().statefulSets().inNamespace("vc-ns").withName("vc1").get();
    }

    private static StatefulSet statefulSet(int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("vc1").withNamespace("vc-ns").withLabels(SELECTOR).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName("vc1-headless")
                .withNewSelector().withMatchLabels(SELECTOR).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(SELECTOR).endMetadata()
                .withNewSpec().addNewContainer().withName("syncer").withImage("ghcr.io/loft-sh/vcluster-oss:0.36.1")
                .endContainer().endSpec().endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").endSpec().endVolumeClaimTemplate()
                .endSpec().build();
    }
}
