package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** createBackup on the sandbox: a snapshot marked as a backup, then Nova's rotation of the server's older backups. */
@SandboxBackendTest
class BackupIT {
    private static SandboxCluster sandbox;
    private static KubernetesClient client;
    private static Domain compute;
    private static ServerSteps steps;

    /** createBackup, once the server has no task left; the image may be gone already (rotation 0). */
    private static String backup(Caller user, String serverId, String name, String type, int rotation) {
        Caller caller = again(user);
        String imageId = compute.servers().createBackup(caller, serverId,
                new ServerAction.CreateBackup(name, type, rotation, Map.of()));
        steps.awaitIdle(user, serverId, compute.servers().getServer(user, serverId).vmState());
        return imageId;
    }

    /** The ids of the server's images of a type (and backup type), as a client filters the image list. */
    private static Set<String> images(Caller user, String serverId, String imageType, Optional<String> backupType) {
        return compute.catalog().listImages(user).stream()
                .filter(i -> serverId.equals(i.properties().get("instance_uuid")))
                .filter(i -> imageType.equals(i.properties().get("image_type")))
                .filter(i -> backupType.map(t -> t.equals(i.properties().get("backup_type"))).orElse(true))
                .map(ImageData::id).collect(Collectors.toSet());
    }

    private static boolean gone(Caller user, String imageId) {
        return steps.imageGone(user, imageId);
    }

    @Test
    void threeDailyBackupsWithRotationTwoLeaveTheNewestTwoAndTouchNothingElse() {
        Caller user = Fixtures.caller("user-b1", "project-b1", "member");
        ServerData server = steps.active(user, "backed-up");
        ServerData other = steps.active(user, "neighbour");
        // what the rotation must leave alone: another type, another server's backup, a snapshot
        String weekly = backup(user, server.id(), "w", "weekly", 1);
        String neighbours = backup(user, other.id(), "n", "daily", 1);
        String snapshot = steps.snapshot(user, server.id(), "plain");

        Caller first = again(user);
        String oldest = compute.servers().createBackup(first, server.id(),
                new ServerAction.CreateBackup("d1", "daily", 2, Map.of("purpose", "nightly")));
        // Nova's task while a backup runs: image_backup, then image_uploading
        assertTrue(Set.of(Optional.of("image_backup"), Optional.of("image_uploading"))
                .contains(compute.servers().getServer(user, server.id()).taskState()));
        steps.awaitImage(user, oldest, "active");
        steps.awaitIdle(user, server.id(), "active");
        ImageData image = compute.catalog().getImage(user, oldest);
        assertEquals("backup", image.properties().get("image_type"));
        assertEquals("daily", image.properties().get("backup_type"));
        assertEquals(server.id(), image.properties().get("instance_uuid"));
        assertEquals("nightly", image.properties().get("purpose"));
        assertEquals("private", image.visibility());
        String oldestUrl = image.properties().get("vcluster_snapshot_url");
        assertTrue(sandbox.simulator().storedSnapshots().contains(oldestUrl));
        InstanceActionData firstAction = compute.servers().getInstanceAction(user, server.id(), first.requestId());
        assertEquals("createBackup", firstAction.action());
        assertEquals(List.of("vcluster_snapshot_request", "vcluster_etcd_backup", "rotate_backups"),
                firstAction.events().stream().map(InstanceActionData.Event::event).toList());

        String middle = backup(user, server.id(), "d2", "daily", 2);
        Caller third = again(user);
        String newest = compute.servers().createBackup(third, server.id(),
                new ServerAction.CreateBackup("d3", "daily", 2, Map.of()));
        steps.awaitIdle(user, server.id(), "active");

        assertEquals(Set.of(middle, newest), images(user, server.id(), "backup", Optional.of("daily")));
        assertTrue(gone(user, oldest));
        // deleted as a user's delete does it: vcluster's delete request, then the archive is gone
        ServerRecord r = steps.record(server.id());
        assertEquals(oldestUrl, SnapshotRequests.status(client.configMaps().inNamespace(r.getSpec().getHostNamespace())
                .withName(SnapshotRequests.deleteRequestName(r.getSpec().getRelease(), oldest)).get()).url());
        await("archive of the oldest deleted", () -> !sandbox.simulator().storedSnapshots().contains(oldestUrl));
        assertEquals(Set.of(weekly), images(user, server.id(), "backup", Optional.of("weekly")));
        assertEquals(Set.of(neighbours), images(user, other.id(), "backup", Optional.empty()));
        assertEquals(Set.of(snapshot), images(user, server.id(), "snapshot", Optional.empty()));

        InstanceActionData action = compute.servers().getInstanceAction(user, server.id(), third.requestId());
        assertEquals(Optional.empty(), action.message());
        InstanceActionData.Event rotate = action.events().getLast();
        assertEquals("rotate_backups", rotate.event());
        assertTrue(rotate.details().orElse("").contains(oldest), rotate.toString());
        assertFalse(rotate.details().orElse("").contains(middle), rotate.toString());
        assertEquals(Optional.of("Success"), rotate.result());
        assertTrue(action.events().stream().allMatch(e -> e.result().equals(Optional.of("Success"))),
                action.events().toString());
    }

    @Test
    void rotationZeroDeletesEveryBackupOfTheTypeTheNewOneIncluded() {
        Caller user = Fixtures.caller("user-b2", "project-b2", "member");
        ServerData server = steps.active(user, "no-keep");
        String kept = backup(user, server.id(), "k", "daily", 3);
        steps.awaitImage(user, kept, "active");
        String weekly = backup(user, server.id(), "w", "weekly", 3);

        Caller zero = again(user);
        String fresh = compute.servers().createBackup(zero, server.id(),
                new ServerAction.CreateBackup("z", "daily", 0, Map.of()));
        steps.awaitIdle(user, server.id(), "active");

        await("every daily backup deleted", () -> gone(user, kept) && gone(user, fresh));
        assertEquals(Set.of(), images(user, server.id(), "backup", Optional.of("daily")));
        assertEquals(Set.of(weekly), images(user, server.id(), "backup", Optional.of("weekly")));
        InstanceActionData action = compute.servers().getInstanceAction(user, server.id(), zero.requestId());
        InstanceActionData.Event rotate = action.events().getLast();
        assertEquals("rotate_backups", rotate.event());
        assertTrue(rotate.details().orElse("").contains(fresh), rotate.toString());
        assertTrue(action.events().stream().allMatch(e -> e.result().equals(Optional.of("Success"))),
                action.events().toString());
        // the new image is not made again by a later pass
        steps.awaitIdle(user, server.id(), "active");
        assertTrue(gone(user, fresh));
    }

    @Test
    void aBackupIsGuardedAsASnapshotAndChangesNothingWhenRefused() {
        Caller user = Fixtures.caller("user-b3", "project-b3", "member");
        ServerData server = steps.active(user, "guarded");
        String running = compute.servers().createBackup(again(user), server.id(),
                new ServerAction.CreateBackup("first", "daily", 1, Map.of()));
        ApiException busy = assertThrows(ApiException.class, () -> compute.servers().createBackup(again(user),
                server.id(), new ServerAction.CreateBackup("second", "daily", 1, Map.of())));
        assertEquals(409, busy.status());
        assertTrue(busy.getMessage().startsWith("Cannot 'createBackup' instance " + server.id()
                + " while it is in task_state image_"), busy.getMessage());
        steps.awaitIdle(user, server.id(), "active");
        assertEquals(Set.of(running), images(user, server.id(), "backup", Optional.empty()));

        compute.servers().performAction(again(user), server.id(), new ServerAction.Lock(Optional.empty()));
        ApiException locked = assertThrows(ApiException.class, () -> compute.servers().createBackup(again(user),
                server.id(), new ServerAction.CreateBackup("third", "daily", 1, Map.of())));
        assertEquals(409, locked.status());
        assertEquals("Instance " + server.id() + " is locked", locked.getMessage());
        assertEquals(Set.of(running), images(user, server.id(), "backup", Optional.empty()));
        assertFalse(compute.servers().listInstanceActions(user, server.id(), InstanceActionQuery.all()).stream()
                .filter(a -> a.action().equals("createBackup")).count() > 1);
    }
}
