package io.openvcluster.server.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
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
    void aPodKeepsMetadataAndStatusButNotItsSpec() {
        TrimmedItemStore<Pod> store = new TrimmedItemStore<>();
        Pod pod = new PodBuilder().withNewMetadata().withName("s1-0").withNamespace("ns1").withUid("u1")
                .withAnnotations(Map.of("vcluster.loft.sh/config-hash", "h")).endMetadata()
                .withNewSpec().addNewContainer().withName("syncer").withImage("vcluster:0.30").endContainer().endSpec()
                .withNewStatus().withPhase("Running").withHostIP("10.0.0.1").addNewCondition().withType("Ready")
                .withStatus("True").withMessage("all good").endCondition()
                .addNewContainerStatus().withName("syncer").withImageID("sha256:abc").withNewState().withNewWaiting()
                .withReason("CrashLoopBackOff").endWaiting().endState().endContainerStatus()
                .addNewInitContainerStatus().withName("init").withNewState().withNewTerminated().withExitCode(1)
                .withReason("Error").endTerminated().endState().endInitContainerStatus()
                .endStatus().build();
        store.put(store.getKey(pod), pod);
        Pod cached = store.get("ns1/s1-0");
        assertNull(cached.getSpec());
        assertEquals("u1", cached.getMetadata().getUid());
        assertEquals("h", cached.getMetadata().getAnnotations().get("vcluster.loft.sh/config-hash"));
        assertEquals("Running", cached.getStatus().getPhase());
        assertEquals("True", cached.getStatus().getConditions().getFirst().getStatus());
        assertNull(cached.getStatus().getConditions().getFirst().getMessage());
        assertNull(cached.getStatus().getHostIP());
        assertEquals("CrashLoopBackOff",
                cached.getStatus().getContainerStatuses().getFirst().getState().getWaiting().getReason());
        assertNull(cached.getStatus().getContainerStatuses().getFirst().getImageID());
        assertEquals(1, cached.getStatus().getInitContainerStatuses().getFirst().getState().getTerminated().getExitCode());
        // what the reconciler derives from it is unchanged
        assertEquals(HostObserver.podStatus(pod), HostObserver.podStatus(cached));
        assertEquals(1, store.size());
        assertEquals(List.of("ns1/s1-0"), store.keySet().toList());
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
        assertEquals(List.of(), cached.getSpec().getPorts());
        assertNull(cached.getMetadata().getLabels());

        TrimmedItemStore<Namespace> namespaces = new TrimmedItemStore<>();
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName("ns1").withUid("u")
                .withLabels(Map.of("compute.openvcluster.io/server-id", "id-1"))
                .withAnnotations(Map.of("big", "x".repeat(1000))).withDeletionTimestamp("2026-11-26T00:00:00Z")
                .endMetadata().build();
        namespaces.put(namespaces.getKey(ns), ns);
        Namespace cachedNs = namespaces.get("ns1");
        assertEquals("id-1", cachedNs.getMetadata().getLabels().get("compute.openvcluster.io/server-id"));
        assertEquals("2026-11-26T00:00:00Z", cachedNs.getMetadata().getDeletionTimestamp());
        assertNull(cachedNs.getMetadata().getAnnotations());
    }

    @Test
    void aStatefulSetKeepsItsTemplateAndAConfigMapItsData() {
        TrimmedItemStore<StatefulSet> sets = new TrimmedItemStore<>();
        StatefulSet sts = new StatefulSetBuilder().withNewMetadata().withName("s1").withNamespace("ns1")
                .withLabels(Map.of("app", "vcluster", "release", "s1")).withManagedFields(new ManagedFieldsEntryBuilder().withManager("helm").build()).endMetadata()
                .withNewSpec().withReplicas(1).withNewTemplate().withNewSpec().addNewContainer().withName("syncer")
                .withImage("vcluster:0.30").withNewLivenessProbe().withPeriodSeconds(10).endLivenessProbe()
                .addNewEnv().withName("X").withValue("1").endEnv()
                .endContainer().endSpec().endTemplate().endSpec().build();
        sets.put(sets.getKey(sts), sts);
        var syncer = sets.get("ns1/s1").getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertEquals("vcluster:0.30", syncer.getImage());
        assertEquals("X", syncer.getEnv().getFirst().getName());
        assertNull(syncer.getLivenessProbe());
        assertEquals(1, sets.get("ns1/s1").getSpec().getReplicas());
        assertNull(sets.get("ns1/s1").getMetadata().getManagedFields());
        assertEquals("s1", sets.get("ns1/s1").getMetadata().getLabels().get("release"));

        TrimmedItemStore<ConfigMap> maps = new TrimmedItemStore<>();
        ConfigMap request = new ConfigMapBuilder().withNewMetadata().withName("r").withNamespace("ns1").endMetadata()
                .withData(Map.of("snapshotRequest", "{}")).build();
        maps.put(maps.getKey(request), request);
        assertEquals("{}", maps.get("ns1/r").getData().get("snapshotRequest"));
        assertEquals(request, maps.remove("ns1/r"));
        assertEquals(0, maps.size());
    }
}
