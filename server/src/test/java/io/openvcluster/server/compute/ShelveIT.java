package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.sandbox.HostSimulator;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Shelve with the default offload time (0) and an s3 store: the snapshot, then the vcluster stopped and its host
 * objects and namespace deleted (SHELVED_OFFLOADED, quota released, no address); unshelve installs it again in a
 * fresh namespace, restores the shelve image into it and starts it, then deletes the image.
 */
@SandboxBackendTest(simulatorDelayMillis = 50, snapshotStore = "s3://shelve-test/images")
class ShelveIT {
    private static final Caller EVE = caller("user-eve", "project-epsilon", "member");
    private static Domain compute;
    private static ServerSteps steps;
    private static KubernetesClient client;

    @Test
    void shelveOffloadsTheVclusterAndUnshelveRestoresIt() {
        ServerData server = steps.active(EVE, "sleepy");
        String namespace = steps.record(server.id()).getSpec().getHostNamespace();
        int used = instancesUsed();
        Caller shelver = again(EVE);

        compute.servers().performAction(shelver, server.id(), new ServerAction.Shelve());
        assertEquals(Optional.of("shelving"), compute.servers().getServer(EVE, server.id()).taskState().map(t ->
                t.startsWith("shelving") ? "shelving" : t), "the shelve shows its task at once");
        steps.awaitIdle(EVE, server.id(), "shelved_offloaded");

        ServerData shelved = compute.servers().getServer(EVE, server.id());
        assertEquals(0, shelved.powerState());
        assertTrue(shelved.addresses().isEmpty(), "no address while offloaded: " + shelved.addresses());
        assertNull(client.namespaces().withName(namespace).get(), "the namespace deleted");
        assertEquals(used - 1, instancesUsed(), "an offloaded server does not count against the quota");
        ImageData image = compute.catalog().listImages(EVE).stream().filter(i -> i.name().equals("sleepy-shelved"))
                .findFirst().orElseThrow(() -> new AssertionError("no image sleepy-shelved"));
        assertEquals("active", image.status());
        assertEquals(List.of("vcluster_snapshot_request", "vcluster_etcd_backup", "vcluster_pause",
                "delete_workload_pods", "delete_vcluster", "delete_namespace"), events(server.id(), shelver));

        Caller unshelver = again(EVE);
        compute.servers().performAction(unshelver, server.id(), new ServerAction.Unshelve(Optional.empty(), false,
                Optional.empty()));
        assertEquals(Optional.of("unshelving"), compute.servers().getServer(EVE, server.id()).taskState());
        steps.awaitIdle(EVE, server.id(), "active");
        assertNotNull(client.namespaces().withName(namespace).get(), "installed again in a fresh namespace");
        assertEquals(1, steps.statefulSet(server.id()).getSpec().getReplicas(), "running");
        assertTrue(events(server.id(), unshelver).containsAll(List.of("vcluster_install", "vcluster_restore")),
                events(server.id(), unshelver).toString());
        assertTrue(!compute.servers().getServer(EVE, server.id()).addresses().isEmpty(), "an address again");
        assertEquals(used, instancesUsed());
        await("the shelve image deleted", () -> steps.imageGone(EVE, image.id()));
        assertEquals(List.of("unshelve", "shelve", "create"), compute.servers().listInstanceActions(EVE, server.id(),
                InstanceActionQuery.all()).stream().map(InstanceActionData::action).toList());
    }

    @Test
    void unshelveRefusesWhatNovaRefuses() {
        ServerData server = steps.active(EVE, "guarded");
        ApiException notShelved = assertThrows(ApiException.class, () -> compute.servers().performAction(again(EVE),
                server.id(), new ServerAction.Unshelve(Optional.empty(), false, Optional.empty())));
        assertEquals(409, notShelved.status());
        assertEquals("Cannot 'unshelve' instance " + server.id() + " while it is in vm_state active",
                notShelved.getMessage());

        compute.servers().performAction(again(EVE), server.id(), new ServerAction.Shelve());
        steps.awaitIdle(EVE, server.id(), "shelved_offloaded");
        ApiException again = assertThrows(ApiException.class, () -> compute.servers().performAction(again(EVE),
                server.id(), new ServerAction.Shelve()));
        assertEquals(409, again.status());
        ApiException zone = assertThrows(ApiException.class, () -> compute.servers().performAction(again(EVE),
                server.id(), new ServerAction.Unshelve(Optional.of("elsewhere"), false, Optional.empty())));
        assertEquals(400, zone.status());
        assertEquals("The requested availability zone is not available", zone.getMessage());
        ApiException host = assertThrows(ApiException.class, () -> compute.servers().performAction(again(EVE),
                server.id(), new ServerAction.Unshelve(Optional.empty(), false, Optional.of("h1"))));
        assertEquals(403, host.status());
        assertEquals("shelved_offloaded", compute.servers().getServer(EVE, server.id()).vmState(), "nothing changed");

        compute.servers().performAction(again(EVE), server.id(), new ServerAction.Unshelve(Optional.of("nova"), false,
                Optional.empty()));
        steps.awaitIdle(EVE, server.id(), "active");
        assertEquals("nova", compute.servers().getServer(EVE, server.id()).availabilityZone());
    }

    @Test
    void aShelveWhoseSnapshotFailsLeavesTheVclusterAsItWas() {
        ServerData server = steps.active(EVE, "unlucky");
        var sts = steps.statefulSet(server.id());
        sts.getMetadata().getAnnotations().put(HostSimulator.SNAPSHOT_FAULT_ANNOTATION, "store unreachable");
        client.resource(sts).update();
        Caller shelver = again(EVE);
        compute.servers().performAction(shelver, server.id(), new ServerAction.Shelve());
        await("the shelve ended", () -> compute.servers().getInstanceAction(EVE, server.id(), shelver.requestId())
                .message().isPresent());
        assertEquals(Optional.of("Error"), compute.servers().getInstanceAction(EVE, server.id(), shelver.requestId())
                .message());
        steps.awaitIdle(EVE, server.id(), "active");
        assertEquals(1, steps.statefulSet(server.id()).getSpec().getReplicas(), "never stopped");
        String imageId = steps.record(server.id()).getSpec().getShelvedImageId();
        assertEquals("killed", compute.catalog().getImage(EVE, imageId).status());
        // it can be used, and shelved again, at once
        compute.servers().performAction(again(EVE), server.id(), new ServerAction.Stop());
        steps.awaitIdle(EVE, server.id(), "stopped");
    }

    private static int instancesUsed() {
        return compute.quotas().getQuotaUsage(EVE, EVE.projectId()).used(QuotaResource.INSTANCES);
    }

    private static List<String> events(String serverId, Caller caller) {
        return compute.servers().getInstanceAction(EVE, serverId, caller.requestId()).events().stream()
                .map(InstanceActionData.Event::event).toList();
    }
}
