package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Eventually.awaitValue;
import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.sandbox.HostSimulator;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import io.openvcluster.translator.DefaultCatalog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * rebuild on the sandbox cluster: vcluster's restore of a snapshot, and Kubernetes upgrades from a base image with
 * {@code preserve_ephemeral} (the reimage without it: {@code ReimageIT}).
 */
@SandboxBackendTest
class RebuildIT {
    private static final String NEWEST = DefaultCatalog.images().get(0).id();
    private static final String PREVIOUS = DefaultCatalog.images().get(1).id();
    private static final String OLDER = DefaultCatalog.images().get(2).id();
    private static KubernetesClient client;
    private static Domain compute;
    private static ServerSteps steps;

    private static ServerAction.Rebuild rebuild(String image) {
        return new ServerAction.Rebuild(image, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    @Test
    void rebuildFromASnapshotRestoresItWithVclustersRestoreFlow() {
        Caller user = Fixtures.caller("user-r1", "project-rb1", "member");
        ServerData server = steps.active(user, "restore-me", NEWEST);
        String imageId = steps.snapshot(user, server.id(), "snap");
        Caller rebuilding = again(user);
        ServerData accepted = compute.servers().rebuildServer(rebuilding, server.id(), new ServerAction.Rebuild(imageId,
                Optional.of("restored"), Optional.of(Map.of("k", "v")), Optional.empty(), Optional.empty(),
                Optional.empty()));
        assertEquals(Optional.of("rebuilding"), accepted.taskState());
        assertEquals("restored", accepted.name());
        assertEquals(imageId, accepted.imageId());
        // a snapshot being restored cannot be deleted
        assertEquals(409, assertThrows(ApiException.class, () -> compute.catalog().deleteImage(user, imageId)).status());

        ServerRecord r = steps.record(server.id());
        String ns = r.getSpec().getHostNamespace();
        Pod restorePod = awaitValue("restore pod", () -> client.pods().inNamespace(ns)
                .withLabel("app", "vcluster-snapshot").list().getItems().stream().findFirst().orElse(null));
        assertEquals(List.of("/vcluster", "restore"), restorePod.getSpec().getContainers().getFirst().getCommand());
        assertTrue(restorePod.getSpec().getContainers().getFirst().getEnv().stream()
                .anyMatch(e -> e.getName().equals("VCLUSTER_STORAGE_OPTIONS")));

        steps.awaitIdle(user, server.id(), "active");
        StatefulSet sts = steps.statefulSet(server.id());
        Map<String, String> annotations = sts.getMetadata().getAnnotations();
        assertFalse(annotations.containsKey("loft.sh/restoring"), annotations.toString());
        assertFalse(annotations.containsKey("loft.sh/paused"), annotations.toString());
        assertEquals(1, sts.getSpec().getReplicas());
        InstanceActionData action = compute.servers().getInstanceAction(user, server.id(), rebuilding.requestId());
        assertEquals("rebuild", action.action());
        assertEquals(List.of("vcluster_pause", "delete_workload_pods", "vcluster_restore", "vcluster_resume"),
                action.events().stream().map(InstanceActionData.Event::event).toList());
        assertTrue(action.events().stream().allMatch(e -> e.result().equals(Optional.of("Success"))));
        await("restore pod deleted", () -> client.pods().inNamespace(ns).withLabel("app", "vcluster-snapshot")
                .list().getItems().isEmpty());
        assertEquals(Map.of("k", "v"), compute.servers().getServer(user, server.id()).metadata());
    }

    @Test
    void aStoppedServerIsRestoredAndStaysStopped() {
        Caller user = Fixtures.caller("user-r2", "project-rb2", "member");
        ServerData server = steps.active(user, "cold-restore", NEWEST);
        String imageId = steps.snapshot(user, server.id(), "snap");
        compute.servers().performAction(again(user), server.id(), new ServerAction.Stop());
        steps.awaitIdle(user, server.id(), "stopped");
        Caller rebuilding = again(user);
        compute.servers().rebuildServer(rebuilding, server.id(), rebuild(imageId));
        await("rebuild done", () -> steps.record(server.id()).getStatus().getCompletedRequestId() != null
                && steps.record(server.id()).getStatus().getCompletedRequestId().equals(rebuilding.requestId()));
        steps.awaitIdle(user, server.id(), "stopped");
        StatefulSet sts = steps.statefulSet(server.id());
        assertEquals(0, sts.getSpec().getReplicas());
        assertEquals("true", sts.getMetadata().getAnnotations().get("loft.sh/paused"));
        assertFalse(sts.getMetadata().getAnnotations().containsKey("loft.sh/restoring"));
    }

    @Test
    void aRestoreThatFailsLeavesTheServerInErrorWithAFault() {
        Caller user = Fixtures.caller("user-r3", "project-rb3", "member");
        ServerData server = steps.active(user, "bad-restore", NEWEST);
        String imageId = steps.snapshot(user, server.id(), "snap");
        ServerRecord r = steps.record(server.id());
        client.apps().statefulSets().inNamespace(r.getSpec().getHostNamespace()).withName(r.getSpec().getRelease())
                .edit(sts -> {
                    sts.getMetadata().getAnnotations().put(HostSimulator.RESTORE_FAULT_ANNOTATION, "archive corrupt");
                    return sts;
                });
        Caller rebuilding = again(user);
        compute.servers().rebuildServer(rebuilding, server.id(), rebuild(imageId));
        await("error", () -> compute.servers().getServer(user, server.id()).vmState().equals("error"));
        ServerData failed = compute.servers().getServer(user, server.id());
        assertEquals("vcluster restore failed: archive corrupt", failed.fault().orElseThrow().message());
        InstanceActionData action = compute.servers().getInstanceAction(user, server.id(), rebuilding.requestId());
        assertTrue(action.message().isPresent() || action.events().stream()
                .anyMatch(e -> e.result().equals(Optional.of("Error"))), action.toString());
        // the snapshot is untouched, and the server can be rebuilt again once the cause is gone
        assertEquals("active", compute.catalog().getImage(user, imageId).status());
        client.apps().statefulSets().inNamespace(r.getSpec().getHostNamespace()).withName(r.getSpec().getRelease())
                .edit(sts -> {
                    sts.getMetadata().getAnnotations().remove(HostSimulator.RESTORE_FAULT_ANNOTATION);
                    return sts;
                });
        compute.servers().rebuildServer(again(user), server.id(), rebuild(imageId));
        steps.awaitIdle(user, server.id(), "active");
    }

    private static ServerAction.Rebuild preservingState(String image) {
        return new ServerAction.Rebuild(image, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), true);
    }

    @Test
    void aBaseImageWithPreserveEphemeralUpgradesOneMinorAtATimeAndNeverDowngrades() {
        Caller user = Fixtures.caller("user-r4", "project-rb4", "member");
        ServerData server = steps.active(user, "upgrade-me", PREVIOUS);
        String before = steps.record(server.id()).getSpec().getImage().kubernetesVersion();
        String dataClaimUid = client.persistentVolumeClaims().inNamespace(steps.record(server.id()).getSpec()
                .getHostNamespace()).withName("data-" + steps.record(server.id()).getSpec().getRelease() + "-0").get()
                .getMetadata().getUid();
        Caller rebuilding = again(user);
        compute.servers().rebuildServer(rebuilding, server.id(), preservingState(NEWEST));
        steps.awaitIdle(user, server.id(), "active");
        assertEquals(NEWEST, compute.servers().getServer(user, server.id()).imageId());
        String after = steps.record(server.id()).getSpec().getImage().kubernetesVersion();
        assertEquals(DefaultCatalog.images().get(0).spec().kubernetesVersion(), after);
        assertFalse(before.equals(after));
        // the control plane runs the new version's values
        String image = steps.statefulSet(server.id()).getSpec().getTemplate().getSpec().getInitContainers().getFirst().getImage();
        assertTrue(image.contains(after.substring(0, after.lastIndexOf('.'))), image);
        assertEquals(List.of("apply_image"), compute.servers().getInstanceAction(user, server.id(), rebuilding.requestId())
                .events().stream().map(InstanceActionData.Event::event).toList());

        // the state is kept: the same data volume claim
        assertEquals(dataClaimUid, client.persistentVolumeClaims().inNamespace(steps.record(server.id()).getSpec()
                .getHostNamespace()).withName("data-" + steps.record(server.id()).getSpec().getRelease() + "-0").get()
                .getMetadata().getUid());

        ApiException downgrade = assertThrows(ApiException.class,
                () -> compute.servers().rebuildServer(again(user), server.id(), preservingState(PREVIOUS)));
        assertEquals(400, downgrade.status());
        assertTrue(downgrade.getMessage().contains("never downgraded"), downgrade.getMessage());
        ServerData other = steps.active(user, "two-minors", OLDER);
        assertEquals(400, assertThrows(ApiException.class,
                () -> compute.servers().rebuildServer(again(user), other.id(), preservingState(NEWEST))).status());
    }

    @Test
    void aContainerSnapshotOnlyRestoresIntoItsOwnServer() {
        Caller user = Fixtures.caller("user-r5", "project-rb5", "member");
        ServerData source = steps.active(user, "source", NEWEST);
        String imageId = steps.snapshot(user, source.id(), "snap");
        ServerData other = steps.active(user, "other", NEWEST);
        ApiException refused = assertThrows(ApiException.class,
                () -> compute.servers().rebuildServer(again(user), other.id(), rebuild(imageId)));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("container://"), refused.getMessage());
        assertEquals(Optional.empty(), compute.servers().getServer(user, other.id()).taskState());
        // nor can it be cloned: no other vcluster can read that volume
        ApiException clone = assertThrows(ApiException.class, () -> compute.servers().createServer(again(user),
                Fixtures.create("clone", Fixtures.FLAVOR, imageId, 1)));
        assertEquals(400, clone.status());
        assertTrue(clone.getMessage().contains("not cloned"), clone.getMessage());
    }
}
