package io.openvcluster.server.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrimmedItemStoreTest {

    @Test
    void aSecretKeepsItsNameButNotItsDataOrManagedFields() {
        TrimmedItemStore<Secret> store = new TrimmedItemStore<>();
        Secret secret = new SecretBuilder().withNewMetadata().withName("vc-s1").withNamespace("ns1")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("helm").build()).endMetadata()
                .withData(Map.of("config", "a2luZDogQ29uZmln")).withStringData(Map.of("x", "y")).build();
        store.put(store.getKey(secret), secret);
        Secret cached = store.get("ns1/vc-s1");
        assertEquals("vc-s1", cached.getMetadata().getName());
        assertNull(cached.getData());
        assertNull(cached.getStringData());
        assertNull(cached.getMetadata().getManagedFields());
    }

    @Test
    void aPodKeepsItsStatusAndRolloutMarkerButNotItsSpecLabelsOrOtherAnnotations() {
        TrimmedItemStore<Pod> store = new TrimmedItemStore<>();
        Pod pod = new PodBuilder().withNewMetadata().withName("s1-0").withNamespace("ns1").withUid("u1")
                .withLabels(Map.of("app", "vcluster"))
                .withAnnotations(Map.of("vClusterConfigHash", "h", "sandbox.openvcluster.io/console-log", "x".repeat(500)))
                .endMetadata()
                .withNewSpec().addNewContainer().withName("syncer").withImage("vcluster:0.30").endContainer().endSpec()
                // a new String for each, as the JSON parser makes them
                .withNewStatus().withPhase(new String("Running")).withHostIP("10.0.0.1").addNewCondition()
                .withType(new String("Ready"))
                .withStatus("True").withMessage("all good").endCondition()
                .addNewContainerStatus().withName("syncer").withImageID("sha256:abc").withRestartCount(7)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .endContainerStatus()
                .addNewInitContainerStatus().withName("init").withNewState().withNewTerminated().withExitCode(1)
                .withReason("Error").endTerminated().endState().endInitContainerStatus()
                .endStatus().build();
        Pod before = new PodBuilder(pod).build();
        store.put(store.getKey(pod), pod);
        Pod cached = store.get("ns1/s1-0");
        assertEquals(before, pod, "the informer's object is left as it came");
        assertNull(cached.getSpec());
        assertNull(cached.getMetadata().getLabels());
        assertEquals("u1", cached.getMetadata().getUid());
        assertEquals(Map.of("vClusterConfigHash", "h"), cached.getMetadata().getAnnotations());
        assertEquals("Running", cached.getStatus().getPhase());
        // values every server repeats are one String for all
        assertSame("Running", cached.getStatus().getPhase());
        assertSame("Ready", cached.getStatus().getConditions().getFirst().getType());
        assertEquals("True", cached.getStatus().getConditions().getFirst().getStatus());
        assertNull(cached.getStatus().getConditions().getFirst().getMessage());
        assertNull(cached.getStatus().getHostIP());
        assertEquals("CrashLoopBackOff",
                cached.getStatus().getContainerStatuses().getFirst().getState().getWaiting().getReason());
        assertNull(cached.getStatus().getContainerStatuses().getFirst().getImageID());
        assertNull(cached.getStatus().getContainerStatuses().getFirst().getRestartCount());
        assertNull(cached.getAdditionalProperties());
        assertNull(cached.getStatus().getAdditionalProperties());
        assertNull(cached.getStatus().getConditions().getFirst().getAdditionalProperties());
        assertNull(cached.getStatus().getContainerStatuses().getFirst().getAdditionalProperties());
        assertEquals(1, cached.getStatus().getInitContainerStatuses().getFirst().getState().getTerminated().getExitCode());
        assertEquals(1, store.size());
        assertEquals(List.of("ns1/s1-0"), store.keySet().toList());
    }

    @Test
    void aHostInformerKeepsNoNamespaceIndex() {
        // every host read is by key; an informer that is never started: nothing connects to this address
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:9").build()).build()) {
            SharedIndexInformer<Pod> informer = HostCache.trimmed(client.pods().inAnyNamespace().runnableInformer(0));
            assertEquals(Map.of(), informer.getIndexer().getIndexers());
        }
    }

    /** Pod and request states the simulator does not produce, read the same whole and slim (TrimmedVerdictsTest). */
    @Test
    void whatTheReadersDeriveIsTheSameWholeAndSlimForStatesBeyondTheSimulator() {
        List<HasMetadata> objects = List.of(
                pod().withNewStatus().withPhase("Pending").addNewInitContainerStatus().withName("init")
                        .withNewState().withNewWaiting().withReason("ImagePullBackOff").endWaiting().endState()
                        .endInitContainerStatus().endStatus().build(),
                pod().withNewStatus().withPhase("Pending").addNewInitContainerStatus().withName("init")
                        .withNewState().withNewTerminated().withExitCode(2).withReason("OOMKilled").endTerminated()
                        .endState().endInitContainerStatus().endStatus().build(),
                pod().withNewStatus().withPhase("Pending").addNewInitContainerStatus().withName("init")
                        .withNewState().withNewRunning().endRunning().endState().endInitContainerStatus().endStatus()
                        .build(),
                pod().withNewStatus().withPhase("Running").addNewContainerStatus().withName("syncer").withReady(false)
                        .withRestartCount(3).withNewLastState().withNewTerminated().withExitCode(1).endTerminated()
                        .endLastState().withNewState().withNewTerminated().withExitCode(137).withReason("Error")
                        .endTerminated().endState().endContainerStatus()
                        .addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus().build(),
                pod().editMetadata().withDeletionTimestamp("2026-11-26T00:00:00Z")
                        .withAnnotations(Map.of("openvcluster.io/values-digest", "d1")).endMetadata()
                        .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
                        .endCondition().endStatus().build(),
                pod().withNewStatus().withPhase("Failed").addNewContainerStatus().withName("snapshot")
                        .withNewState().withNewTerminated().withExitCode(1).withMessage("bucket not found")
                        .endTerminated().endState().endContainerStatus().endStatus().build(),
                pod().build(),
                new StatefulSetBuilder().withNewMetadata().withName("s1").withNamespace("ns1").endMetadata()
                        .withNewSpec().endSpec().build(),
                new ConfigMapBuilder().withNewMetadata().withName("r").withNamespace("ns1").endMetadata()
                        .withData(Map.of("snapshotRequest", "{\"spec\":{\"url\":\"s3://b/k\"},\"status\":{"
                                + "\"phase\":\"Failed\",\"error\":{\"message\":\"denied\"}}}")).build(),
                new ConfigMapBuilder().withNewMetadata().withName("r").withNamespace("ns1").endMetadata().build());
        for (HasMetadata whole : objects) {
            assertEquals(TrimmedVerdictsTest.verdicts(whole, whole),
                    TrimmedVerdictsTest.verdicts(TrimmedItemStore.trim(whole), whole), whole.toString());
        }
    }

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("s1-0").withNamespace("ns1").withUid("u1").endMetadata();
    }

    @Test
    void aServiceKeepsItsClusterIpAndANamespaceItsServerLabel() {
        TrimmedItemStore<Service> services = new TrimmedItemStore<>();
        Service service = new ServiceBuilder().withNewMetadata().withName("s1").withNamespace("ns1")
                .withLabels(Map.of("app", "vcluster")).endMetadata()
                .withNewSpec().withClusterIP("10.96.0.7").addNewPort().withPort(443).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("203.0.113.9").endIngress()
                .endLoadBalancer().endStatus().build();
        services.put(services.getKey(service), service);
        Service cached = services.get("ns1/s1");
        assertEquals("10.96.0.7", cached.getSpec().getClusterIP());
        // a console's kubeconfig names the LoadBalancer address
        assertEquals("203.0.113.9", cached.getStatus().getLoadBalancer().getIngress().getFirst().getIp());
        assertNull(cached.getSpec().getPorts());
        assertNull(cached.getSpec().getSelector());
        assertNull(cached.getMetadata().getLabels());
        // no empty additionalProperties map on any slim object (some 20 per server)
        assertNull(cached.getAdditionalProperties());
        assertNull(cached.getMetadata().getAdditionalProperties());
        assertNull(cached.getSpec().getAdditionalProperties());
        assertNull(cached.getStatus().getAdditionalProperties());

        TrimmedItemStore<Namespace> namespaces = new TrimmedItemStore<>();
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName("ns1").withUid("u")
                .withLabels(Map.of("compute.openvcluster.io/server-id", "id-1", "compute.openvcluster.io/project-id", "p1",
                        "vcluster.loft.sh/created", "true"))
                .withAnnotations(Map.of("big", "x".repeat(1000))).withDeletionTimestamp("2026-11-26T00:00:00Z")
                .endMetadata().build();
        namespaces.put(namespaces.getKey(ns), ns);
        Namespace cachedNs = namespaces.get("ns1");
        assertEquals(Map.of("compute.openvcluster.io/server-id", "id-1"), cachedNs.getMetadata().getLabels());
        assertEquals("2026-11-26T00:00:00Z", cachedNs.getMetadata().getDeletionTimestamp());
        assertNull(cachedNs.getMetadata().getAnnotations());
    }

    @Test
    void aStatefulSetKeepsReplicasAnnotationsAndRolloutMarkersButNoTemplateAndARequestOnlyItsRequest() {
        TrimmedItemStore<StatefulSet> sets = new TrimmedItemStore<>();
        StatefulSet sts = new StatefulSetBuilder().withNewMetadata().withName("s1").withNamespace("ns1")
                .withLabels(Map.of("app", "vcluster", "release", "s1")).withAnnotations(Map.of("loft.sh/paused", "true"))
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("helm").build()).endMetadata()
                .withNewSpec().withReplicas(0).withNewTemplate().withNewMetadata()
                .withAnnotations(Map.of("vClusterConfigHash", "h2", "kubectl.kubernetes.io/restartedAt", "t"))
                .withLabels(Map.of("app", "vcluster")).endMetadata().withNewSpec().addNewContainer()
                .withName("syncer").withImage("vcluster:0.30").withNewLivenessProbe().withPeriodSeconds(10)
                .endLivenessProbe().addNewEnv().withName("X").withValue("1").endEnv().endContainer().endSpec()
                .endTemplate().addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .endVolumeClaimTemplate().endSpec()
                .withNewStatus().withReplicas(1).withReadyReplicas(0).withCurrentRevision("r1").endStatus().build();
        StatefulSet before = new StatefulSetBuilder(sts).build();
        sets.put(sets.getKey(sts), sts);
        StatefulSet cached = sets.get("ns1/s1");
        assertEquals(before, sts, "the informer's object is left as it came");
        assertEquals(0, cached.getSpec().getReplicas());
        assertEquals(Map.of("loft.sh/paused", "true"), cached.getMetadata().getAnnotations());
        assertEquals(Map.of("vClusterConfigHash", "h2"), cached.getSpec().getTemplate().getMetadata().getAnnotations());
        assertNull(cached.getSpec().getTemplate().getSpec());
        assertNull(cached.getSpec().getVolumeClaimTemplates());
        assertNull(cached.getMetadata().getLabels());
        assertNull(cached.getMetadata().getManagedFields());
        assertEquals(1, cached.getStatus().getReplicas());
        assertEquals(0, cached.getStatus().getReadyReplicas());
        assertNull(cached.getStatus().getCurrentRevision());
        assertNull(cached.getAdditionalProperties());
        assertNull(cached.getSpec().getAdditionalProperties());
        assertNull(cached.getSpec().getTemplate().getAdditionalProperties());
        assertNull(cached.getSpec().getTemplate().getMetadata().getAdditionalProperties());
        assertNull(cached.getStatus().getAdditionalProperties());
        assertEquals(HostObserver.workload(sts), HostObserver.workload(cached));

        TrimmedItemStore<ConfigMap> maps = new TrimmedItemStore<>();
        ConfigMap request = new ConfigMapBuilder().withNewMetadata().withName("r").withNamespace("ns1")
                .withLabels(Map.of("vcluster.loft.sh/snapshot-request", "")).withFinalizers("f").endMetadata()
                .withData(Map.of("snapshotRequest", "{}", "other", "x")).build();
        ConfigMap requestBefore = new ConfigMapBuilder(request).build();
        maps.put(maps.getKey(request), request);
        assertEquals(requestBefore, request, "the informer's object is left as it came");
        assertEquals(Map.of("snapshotRequest", "{}"), maps.get("ns1/r").getData());
        assertNull(maps.get("ns1/r").getMetadata().getLabels());
        assertNull(maps.get("ns1/r").getMetadata().getFinalizers());
        assertEquals("ns1/r", maps.getKey(maps.remove("ns1/r")));
        assertEquals(0, maps.size());
    }
}
