package io.openvcluster.server.kube.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.reconcile.Reconciler;
import io.openvcluster.server.testing.TestSandbox;
import io.openvcluster.translator.FlavorSpec;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.ImageSpec;
import io.openvcluster.translator.VclusterNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestProvisionerIT {

    @Test
    void containsIgnoresWhatOthersAdded() {
        Map<String, Object> live = Map.of("spec", Map.of("type", "ClusterIP", "clusterIP", "10.96.0.9",
                "ports", List.of(Map.of("port", 443, "protocol", "TCP"))));
        assertTrue(ManifestProvisioner.contains(live, Map.of("spec", Map.of("type", "ClusterIP",
                "ports", List.of(Map.of("port", 443))))));
        assertFalse(ManifestProvisioner.contains(live, Map.of("spec", Map.of("type", "NodePort"))));
        assertFalse(ManifestProvisioner.contains(live, Map.of("spec", Map.of("ports", List.of()))));
    }

    @Test
    void mergeKeepsFieldsWeDoNotRender() {
        Map<String, Object> merged = ManifestProvisioner.merge(
                Map.of("spec", Map.of("type", "NodePort", "clusterIP", "10.96.0.9")),
                Map.of("spec", Map.of("type", "ClusterIP")));
        assertEquals(Map.of("spec", Map.of("type", "ClusterIP", "clusterIP", "10.96.0.9")), merged);
    }

    @Test
    void createsThenRepairsDriftWithoutTouchingAssignedFields() {
        try (TestSandbox sandbox = TestSandbox.builder().simulatorDelay(Duration.ofMillis(100)).start()) {
            KubernetesClient client = sandbox.client();
            ManifestProvisioner provisioner = new ManifestProvisioner(client);
            var desired = new ServiceBuilder().withNewMetadata().withName("svc").withNamespace("ns")
                    .withLabels(Map.of("release", "r")).endMetadata()
                    .withNewSpec().withType("ClusterIP").addNewPort().withName("https").withPort(443).endPort().endSpec()
                    .build();
            assertEquals(1, provisioner.ensure(List.of(desired)));
            assertEquals(0, provisioner.ensure(List.of(desired)));

            var drifted = client.services().inNamespace("ns").withName("svc").get();
            drifted.getSpec().setType("NodePort");
            drifted.getSpec().setClusterIP("10.96.7.7");
            drifted.getMetadata().getLabels().put("extra", "kept");
            client.resource(drifted).update();

            assertEquals(1, provisioner.ensure(List.of(desired)));
            var repaired = client.services().inNamespace("ns").withName("svc").get();
            assertEquals("ClusterIP", repaired.getSpec().getType());
            assertEquals("10.96.7.7", repaired.getSpec().getClusterIP());
            assertEquals("kept", repaired.getMetadata().getLabels().get("extra"));
        }
    }

    @Test
    void createsWithoutReadingFirstAndComparesWhatExistsAfterAll() {
        try (TestSandbox sandbox = TestSandbox.builder().simulatorDelay(Duration.ofMillis(100)).start()) {
            KubernetesClient client = sandbox.client();
            ManifestProvisioner provisioner = new ManifestProvisioner(client);
            var fresh = service("fresh", "ClusterIP");
            var there = service("there", "ClusterIP");
            // another replica (or an earlier attempt) made one of them already, differently
            client.resource(service("there", "NodePort")).create();

            assertEquals(2, provisioner.createAll(List.of(fresh, there)));
            assertEquals("ClusterIP", client.services().inNamespace("ns").withName("fresh").get().getSpec().getType());
            assertEquals("ClusterIP", client.services().inNamespace("ns").withName("there").get().getSpec().getType());
            // both there and as rendered: nothing to create or update
            assertEquals(0, provisioner.createAll(List.of(fresh, there)));
        }
    }

    @Test
    void aFirstProvisioningReportsTheAddressTheServicesCreateAnswered() {
        try (TestSandbox sandbox = TestSandbox.builder().start()) {
            KubernetesClient client = sandbox.client();
            ManifestProvisioner provisioner = new ManifestProvisioner(client);
            VclusterNames names = new VclusterNames("server-1", "web", "vcluster-web");
            var controlPlane = new ServiceBuilder(service("web", "ClusterIP")).editMetadata()
                    .withNamespace(names.namespace()).endMetadata().build();
            var headless = new ServiceBuilder(service("web-headless", "ClusterIP")).editMetadata()
                    .withNamespace(names.namespace()).endMetadata().editSpec().withClusterIP("None").endSpec().build();
            ServerRecord record = new ServerRecord();
            record.getMetadata().setName(names.serverId());
            FlavorSpec flavor = FlavorSpec.of(Reconciler.flavorData(
                    new FlavorSnapshot("1", "m1.small", 1, 2048, 20, 0, 0, Map.of())));
            ImageSpec image = ImageSpec.k8s("img-1", "0.36.1", "1.33.4");

            var provisioned = provisioner.ensure(new DesiredVcluster(record, names, flavor, image,
                    HostObservation.absent(), () -> List.of(headless, controlPlane), true));
            String stored = client.services().inNamespace(names.namespace()).withName("web").get().getSpec()
                    .getClusterIP();
            assertEquals(Optional.of(stored), provisioned.clusterIp());
            // a later pass compares what is there and learns nothing new: the host cache has the address by then
            assertEquals(Optional.empty(), provisioner.ensure(new DesiredVcluster(record, names, flavor, image,
                    HostObservation.absent(), () -> List.of(headless, controlPlane), false)).clusterIp());
        }
    }

    private static io.fabric8.kubernetes.api.model.Service service(String name, String type) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("ns")
                .withLabels(Map.of("release", "r")).endMetadata()
                .withNewSpec().withType(type).addNewPort().withName("https").withPort(443).endPort().endSpec()
                .build();
    }
}
