package io.openvcluster.server.kube.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.openvcluster.server.kube.host.HostObjects.CachedNamespace;
import io.openvcluster.server.kube.host.HostObjects.CachedPod;
import io.openvcluster.server.kube.host.HostObjects.CachedSecret;
import io.openvcluster.server.kube.host.HostObjects.CachedService;
import io.openvcluster.server.kube.host.HostObjects.CachedSnapshotRequest;
import io.openvcluster.server.kube.host.HostObjects.CachedStatefulSet;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.translator.HostObservation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompactItemStoreTest {

    @Test
    void theInformerGetsBackASkeletonWithTheKeyAndVersionOfWhatWasStored() {
        CompactItemStore<Secret, CachedSecret> store = new CompactItemStore<>(CachedSecret::of, (meta, kept) -> {
            Secret skeleton = new Secret();
            skeleton.setMetadata(meta);
            return skeleton;
        });
        Secret secret = new SecretBuilder().withNewMetadata().withName("vc-s1").withNamespace("ns1")
                .withResourceVersion("7").endMetadata().withData(Map.of("config", "a2luZDogQ29uZmln")).build();
        assertNull(store.put(store.getKey(secret), secret));
        Secret newer = new SecretBuilder(secret).editMetadata().withResourceVersion("8").endMetadata().build();
        // the informer compares the old version with the new one to tell an update from a relist of the same object
        Secret old = store.put(store.getKey(newer), newer);
        assertEquals("7", old.getMetadata().getResourceVersion());
        assertEquals("ns1/vc-s1", store.getKey(old));
        Secret skeleton = store.get("ns1/vc-s1");
        assertEquals("vc-s1", skeleton.getMetadata().getName());
        assertEquals("ns1", skeleton.getMetadata().getNamespace());
        assertEquals("8", skeleton.getMetadata().getResourceVersion());
        assertTrue(skeleton.getData() == null || skeleton.getData().isEmpty(), "no vcluster credentials kept");
        assertEquals(Optional.of(new CachedSecret("8")), store.cached("ns1/vc-s1"));
        assertEquals(List.of("ns1/vc-s1"), store.keySet().toList());
        assertEquals(List.of("ns1/vc-s1"), store.values().map(store::getKey).toList());
        assertEquals("8", store.remove("ns1/vc-s1").getMetadata().getResourceVersion());
        assertEquals(0, store.size());
        assertNull(store.get("ns1/vc-s1"));
        assertEquals(Optional.empty(), store.cached("ns1/vc-s1"));
    }

    @Test
    void aPodKeepsWhatItsReadersDeriveWithTheRepeatedValuesShared() {
        Pod pod = new PodBuilder().withNewMetadata().withName("s1-0").withNamespace("ns1").withUid("u1")
                .withLabels(Map.of("app", "vcluster"))
                .withAnnotations(Map.of("vClusterConfigHash", "h", "sandbox.openvcluster.io/console-log", "x".repeat(500)))
                .endMetadata()
                .withNewSpec().addNewContainer().withName("syncer").withImage("vcluster:0.30").endContainer().endSpec()
                // a new String for each, as the JSON parser makes them
                .withNewStatus().withPhase(new String("Running")).addNewCondition().withType("Ready")
                .withStatus("True").endCondition()
                .addNewContainerStatus().withName("syncer").withRestartCount(7)
                .withNewState().withNewWaiting().withReason(new String("CrashLoopBackOff")).endWaiting().endState()
                .endContainerStatus().endStatus().build();
        Pod before = new PodBuilder(pod).build();
        CachedPod cached = CachedPod.of(pod);
        assertEquals(before, pod, "the informer's object is left as it came");
        assertEquals(Optional.of("u1"), cached.liveUid());
        assertEquals(Map.of("vClusterConfigHash", "h"), cached.markers());
        assertTrue(cached.ready());
        assertSame("Running", cached.phase());
        assertSame("CrashLoopBackOff", cached.status());
        assertEquals(Optional.empty(), cached.failure());

        Pod terminating = new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-11-26T00:00:00Z").endMetadata()
                .build();
        assertEquals(Optional.empty(), CachedPod.of(terminating).liveUid());
        assertEquals("Terminating", CachedPod.of(terminating).status());
    }

    @Test
    void aHostInformerKeepsNoNamespaceIndex() {
        // every host read is by key; an informer that is never started: nothing connects to this address
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:9").build()).build()) {
            SharedIndexInformer<Pod> informer = HostCache.compact(client.pods().inAnyNamespace().runnableInformer(0),
                    new CompactItemStore<>(CachedPod::of, (meta, kept) -> new Pod()));
            assertEquals(Map.of(), informer.getIndexer().getIndexers());
        }
    }

    /** Pod and request states the simulator does not produce, read the same whole and cached (TrimmedVerdictsIT). */
    @Test
    void whatTheReadersDeriveIsTheSameWholeAndCachedForStatesBeyondTheSimulator() {
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
                new ConfigMapBuilder().withNewMetadata().withName("r").withNamespace("ns1").endMetadata().build(),
                new ServiceBuilder().withNewMetadata().withName("s1").withNamespace("ns1").endMetadata()
                        .withNewSpec().withClusterIP("None").endSpec().withNewStatus().withNewLoadBalancer()
                        .addNewIngress().withIp(" ").endIngress().addNewIngress().withHostname("lb.example.test")
                        .withIp("203.0.113.9").endIngress().endLoadBalancer().endStatus().build(),
                new NamespaceBuilder().withNewMetadata().withName("ns1").endMetadata().build());
        for (HasMetadata whole : objects) {
            assertEquals(TrimmedVerdictsIT.verdicts(whole), TrimmedVerdictsIT.cachedVerdicts(whole),
                    whole.toString());
        }
    }

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("s1-0").withNamespace("ns1").withUid("u1").endMetadata();
    }

    @Test
    void aServiceKeepsItsClusterIpAndLoadBalancerAddressAndANamespaceItsServer() {
        Service service = new ServiceBuilder().withNewMetadata().withName("s1").withNamespace("ns1")
                .withLabels(Map.of("app", "vcluster")).endMetadata()
                .withNewSpec().withClusterIP("10.96.0.7").addNewPort().withPort(443).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("203.0.113.9").endIngress()
                .endLoadBalancer().endStatus().build();
        // a console's kubeconfig names the LoadBalancer address
        assertEquals(new CachedService(null, "10.96.0.7", Optional.of("203.0.113.9")), CachedService.of(service));
        assertEquals(new CachedService(null, "", Optional.empty()), CachedService.of(new ServiceBuilder()
                .withNewMetadata().withName("s2").endMetadata().build()));

        Namespace ns = new NamespaceBuilder().withNewMetadata().withName("ns1").withUid("u").withResourceVersion("3")
                .withLabels(Map.of("compute.openvcluster.io/server-id", "id-1", "compute.openvcluster.io/project-id", "p1"))
                .withAnnotations(Map.of("big", "x".repeat(1000))).withDeletionTimestamp("2026-11-26T00:00:00Z")
                .endMetadata().build();
        CachedNamespace cached = CachedNamespace.of(ns);
        assertEquals(new CachedNamespace("3", "id-1", true), cached);
        assertEquals(Optional.of("id-1"), cached.server());
        assertEquals(Optional.empty(), CachedNamespace.of(new NamespaceBuilder().withNewMetadata().withName("ns2")
                .endMetadata().build()).server());
        // a namespace's delete event hands the handlers the stored skeleton: it names the server
        CompactItemStore<Namespace, CachedNamespace> store = new CompactItemStore<>(CachedNamespace::of,
                HostCache::namespaceSkeleton);
        store.put(store.getKey(ns), ns);
        Namespace deleted = store.remove("ns1");
        assertEquals("ns1", deleted.getMetadata().getName());
        assertNull(deleted.getMetadata().getNamespace());
        assertEquals(Map.of("compute.openvcluster.io/server-id", "id-1"), deleted.getMetadata().getLabels());
    }

    @Test
    void aStatefulSetKeepsItsWorkloadAndTemplateMarkersAndARequestItsStatus() {
        StatefulSet sts = new StatefulSetBuilder().withNewMetadata().withName("s1").withNamespace("ns1")
                .withLabels(Map.of("app", "vcluster", "release", "s1")).withAnnotations(Map.of("loft.sh/paused", "true"))
                .endMetadata()
                .withNewSpec().withReplicas(0).withNewTemplate().withNewMetadata()
                .withAnnotations(Map.of("vClusterConfigHash", "h2", "kubectl.kubernetes.io/restartedAt", "t"))
                .withLabels(Map.of("app", "vcluster")).endMetadata().withNewSpec().addNewContainer()
                .withName("syncer").withImage("vcluster:0.30").endContainer().endSpec()
                .endTemplate().endSpec()
                .withNewStatus().withReplicas(1).withReadyReplicas(0).withCurrentRevision("r1").endStatus().build();
        StatefulSet before = new StatefulSetBuilder(sts).build();
        CachedStatefulSet cached = CachedStatefulSet.of(sts);
        assertEquals(before, sts, "the informer's object is left as it came");
        assertEquals(new HostObservation.Workload(0, 0, 1, Map.of("loft.sh/paused", "true")), cached.workload());
        assertTrue(cached.workload().paused());
        assertEquals(Map.of("vClusterConfigHash", "h2"), cached.templateMarkers());
        assertEquals(Map.of(), CachedStatefulSet.of(new StatefulSetBuilder().withNewMetadata().withName("s2")
                .endMetadata().withNewSpec().endSpec().build()).templateMarkers());

        ConfigMap request = new ConfigMapBuilder().withNewMetadata().withName("r").withNamespace("ns1").endMetadata()
                .withData(Map.of("snapshotRequest", "{\"spec\":{\"url\":\"s3://b/k\"},\"status\":{\"phase\":"
                        + "\"Completed\"}}", "other", "x")).build();
        CachedSnapshotRequest cachedRequest = CachedSnapshotRequest.of(request);
        assertEquals(SnapshotRequests.PHASE_COMPLETED, cachedRequest.status().phase());
        assertEquals("s3://b/k", cachedRequest.status().url());
        assertFalse(cachedRequest.status().error().isPresent());
    }
}
