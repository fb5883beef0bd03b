package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ADMIN;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.BOB;
import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.caller;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Nova's deferred delete with a reclaim interval of an hour (so nothing here is reclaimed; the reclaim itself is
 * {@code SoftDeleteReclaimIT}): a delete stops the vcluster and keeps it, restore brings it back after a quota check,
 * forceDelete deletes it, and a restore of a server that is not soft-deleted is Nova's 409.
 */
@SandboxBackendTest(simulatorDelayMillis = 50, reclaimIntervalSeconds = 3600)
class SoftDeleteIT {
    private static Domain compute;
    private static ServerSteps steps;
    private static KubernetesClient client;

    @Test
    void aDeleteStopsTheVclusterAndKeepsItSoftDeletedOutOfListsAndQuota() {
        ServerData server = steps.active(ALICE, "kept");
        int before = compute.quotas().getQuotaUsage(ALICE, ALICE.projectId()).used(QuotaResource.INSTANCES);

        Caller deleter = again(ALICE);
        compute.servers().deleteServer(deleter, server.id());
        ServerData deleting = compute.servers().getServer(ALICE, server.id());
        assertEquals(Optional.of("soft-deleting"), deleting.taskState(), "the soft delete shows its task at once");
        steps.awaitIdle(ALICE, server.id(), "soft-delete");

        ServerData shown = compute.servers().getServer(ALICE, server.id());
        assertEquals("SOFT_DELETED", ServerStates.status(shown.vmState(), shown.taskState()));
        assertEquals(4, shown.powerState(), "shut down");
        StatefulSet controlPlane = steps.statefulSet(server.id());
        assertEquals(0, controlPlane.getSpec().getReplicas(), "vcluster paused: the control plane scaled to 0");
        assertEquals("true", controlPlane.getMetadata().getAnnotations().get("loft.sh/paused"));
        ServerRecord record = steps.record(server.id());
        assertNotNull(client.namespaces().withName(record.getSpec().getHostNamespace()).get(), "namespace kept");
        assertNotNull(client.persistentVolumeClaims().inNamespace(record.getSpec().getHostNamespace())
                .withName("data-" + record.getSpec().getRelease() + "-0").get(), "the data volume kept");

        assertEquals(before - 1, compute.quotas().getQuotaUsage(ALICE, ALICE.projectId())
                .used(QuotaResource.INSTANCES), "a soft-deleted server does not count against the quota");
        assertFalse(ids(compute.servers().listServers(ALICE, ServerQuery.all())).contains(server.id()),
                "Nova leaves soft-deleted servers out of a list");
        assertTrue(ids(compute.servers().listServers(ALICE, withStatus("SOFT_DELETED"))).contains(server.id()),
                "unless asked for by status");
        InstanceActionData softDelete = compute.servers().getInstanceAction(ALICE, server.id(), deleter.requestId());
        assertEquals("delete", softDelete.action(), "Nova enters a soft delete as its delete action");
        assertEquals(List.of("vcluster_pause", "delete_workload_pods"),
                softDelete.events().stream().map(InstanceActionData.Event::event).toList());
        assertTrue(softDelete.events().stream().allMatch(e -> e.result().equals(Optional.of("Success"))),
                softDelete.events().toString());

        // deleting again changes nothing: it stays restorable
        compute.servers().deleteServer(again(ALICE), server.id());
        assertEquals("soft-delete", compute.servers().getServer(ALICE, server.id()).vmState());
        assertFalse(steps.record(server.id()).getSpec().isDeleteRequested());

        compute.servers().performAction(again(ALICE), server.id(), new ServerAction.Restore());
        assertEquals(Optional.of("restoring"), compute.servers().getServer(ALICE, server.id()).taskState());
        steps.awaitIdle(ALICE, server.id(), "active");
        assertEquals(1, steps.statefulSet(server.id()).getSpec().getReplicas(), "vcluster resumed");
        assertEquals(List.of("restore", "delete", "create"), compute.servers().listInstanceActions(ALICE,
                server.id(), InstanceActionQuery.all()).stream().map(InstanceActionData::action).toList());
        assertEquals(before, compute.quotas().getQuotaUsage(ALICE, ALICE.projectId()).used(QuotaResource.INSTANCES));
    }

    @Test
    void aRestoreAsksForTheQuotaAgain() {
        Caller carol = caller("user-carol", "project-gamma", "member");
        compute.quotas().updateQuotaSet(ADMIN, carol.projectId(), Map.of(QuotaResource.INSTANCES, 1), false);
        ServerData first = steps.active(carol, "first");
        compute.servers().deleteServer(again(carol), first.id());
        steps.awaitIdle(carol, first.id(), "soft-delete");
        ServerData second = steps.active(carol, "second"); // the soft-deleted server left room for it

        ApiException refused = assertThrows(ApiException.class, () -> compute.servers().performAction(again(carol),
                first.id(), new ServerAction.Restore()));
        assertEquals(403, refused.status());
        assertTrue(refused.getMessage().startsWith("Quota exceeded for instances"), refused.getMessage());
        assertEquals("soft-delete", compute.servers().getServer(carol, first.id()).vmState(), "nothing changed");

        compute.servers().deleteServer(again(carol), second.id());
        steps.awaitIdle(carol, second.id(), "soft-delete");
        compute.servers().performAction(again(carol), first.id(), new ServerAction.Restore());
        steps.awaitIdle(carol, first.id(), "active");
    }

    @Test
    void restoreOfAServerThatIsNotSoftDeletedIsNovas409() {
        ServerData server = steps.active(ALICE, "not-deleted");
        ApiException refused = assertThrows(ApiException.class, () -> compute.servers().performAction(again(ALICE),
                server.id(), new ServerAction.Restore()));
        assertEquals(409, refused.status());
        assertEquals("Cannot 'restore' instance " + server.id() + " while it is in vm_state active",
                refused.getMessage());
    }

    @Test
    void forceDeleteDeletesASoftDeletedServerAndItsHostObjects() {
        ServerData server = steps.active(ALICE, "force");
        String namespace = steps.record(server.id()).getSpec().getHostNamespace();
        compute.servers().deleteServer(again(ALICE), server.id());
        steps.awaitIdle(ALICE, server.id(), "soft-delete");

        compute.servers().performAction(again(ALICE), server.id(), new ServerAction.ForceDelete());
        awaitGone(server.id());
        assertNull(client.namespaces().withName(namespace).get(), "the namespace deleted");
    }

    @Test
    void forceDeleteDeletesAnActiveServerAtOnceAndIsRefusedWhileATaskRuns() {
        ServerData server = steps.active(ALICE, "force-active");
        compute.servers().performAction(again(ALICE), server.id(), new ServerAction.ForceDelete());
        assertTrue(steps.record(server.id()) == null || steps.record(server.id()).getSpec().isDeleteRequested(),
                "a delete, not a soft delete");
        // the delete runs (task deleting): a second forceDelete is Nova's 409 for a task in progress
        ApiException refused = assertThrows(ApiException.class, () -> compute.servers().performAction(again(ALICE),
                server.id(), new ServerAction.ForceDelete()));
        assertTrue(refused.status() == 409 || refused.status() == 404, refused.getMessage());
        awaitGone(server.id());
    }

    @Test
    void anotherProjectCannotRestoreOrForceDelete() {
        ServerData server = steps.active(ALICE, "private");
        compute.servers().deleteServer(again(ALICE), server.id());
        steps.awaitIdle(ALICE, server.id(), "soft-delete");
        for (ServerAction action : List.of(new ServerAction.Restore(), new ServerAction.ForceDelete())) {
            ApiException e = assertThrows(ApiException.class,
                    () -> compute.servers().performAction(again(BOB), server.id(), action));
            assertEquals(404, e.status(), action.toString());
        }
        assertEquals("soft-delete", compute.servers().getServer(ALICE, server.id()).vmState());
    }

    private static void awaitGone(String id) {
        await(id + " gone", () -> steps.record(id) == null);
        assertThrows(ApiException.class, () -> compute.servers().getServer(ALICE, id));
    }

    private static List<String> ids(ServerPage page) {
        return page.servers().stream().map(ServerData::id).toList();
    }

    private static ServerQuery withStatus(String status) {
        ServerQuery all = ServerQuery.all();
        return new ServerQuery(all.allProjects(), all.projectId(), all.name(), Optional.of(status),
                all.changesSince(), all.changesBefore(), all.imageId(), all.flavorId(), all.tags(), all.tagsAny(),
                all.notTags(), all.limit(), all.marker(), all.sortKeys());
    }
}
