package io.openvcluster.server.kube.reconcile;

import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.server.Backend;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.SnapshotIntent;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.server.testing.ServerSteps;
import io.openvcluster.server.testing.SlowHost;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A facade that stops in the middle of a backup rotation: its snapshot done, the rotation's event entered, one of the
 * two images it named already deleted. The records are written here as that facade left them (no timing can stop a
 * facade between two of its own writes); a new facade deletes the other image, never the one gone nor the new one,
 * never makes the snapshot again, and ends the action in Success.
 */
class BackupRotationCrashResumeIT {
    private static final String NS = BackendSettings.DEFAULT_NAMESPACE;

    @RegisterExtension
    final SlowHost host = new SlowHost(Duration.ofMillis(100));

    @Test
    void aRotationStoppedHalfWayIsFinishedByANewFacadeWithoutDeletingTwice() {
        KubernetesClient client = host.client();
        String id = host.activeServer("rotated");
        String oldest;
        String older;
        try (Backend backend = host.backend()) {
            oldest = backup(backend, id, "b1");
            older = backup(backend, id, "b2");
        }
        // the facade that stopped: it accepted b3 (rotation 1), b3's snapshot completed, it entered rotate_backups
        // naming b1 and b2, and deleted b1 before it stopped
        Caller caller = again(ALICE);
        String newest = UUID.randomUUID().toString();
        ImageRecord b3 = Records.copy(image(client, older));
        b3.getMetadata().setName(Records.imageName(newest));
        b3.getMetadata().setResourceVersion(null);
        b3.getMetadata().setUid(null);
        b3.getSpec().setId(newest);
        b3.getSpec().setName("b3");
        b3.getSpec().setCreatedAt(Instant.now().toString());
        Map<String, String> properties = new LinkedHashMap<>(b3.getSpec().getProperties());
        String url = properties.get("vcluster_snapshot_url").replace(older, newest);
        properties.put("vcluster_snapshot_url", url);
        b3.getSpec().setProperties(properties);
        client.resource(b3).create();
        client.resources(ImageRecord.class).inNamespace(NS).withName(Records.imageName(oldest)).delete();
        ServerRecord record = host.record(id);
        String now = Instant.now().toString();
        String requestName = SnapshotRequests.requestName(record.getSpec().getRelease(), newest);
        ActionRequest action = new ActionRequest("createBackup", caller.requestId(), caller.userId(),
                caller.projectId(), now, "image_backup", "active", "active", null);
        record.getSpec().setAction(action);
        record.getSpec().setSnapshot(new SnapshotIntent(newest, "b3", properties, url, requestName,
                new SnapshotIntent.Backup("daily", 1)));
        record = client.resource(record).update();
        List<ActionEvent> actions = new ArrayList<>(record.getStatus().getActions());
        actions.addFirst(new ActionEvent("createBackup", caller.requestId(), caller.userId(), caller.projectId(), now,
                null, null, null, List.of(
                new ActionEvent.HostEvent("vcluster_snapshot_request", now, null, null, "request"),
                new ActionEvent.HostEvent("vcluster_etcd_backup", now, null, null, "backup"),
                new ActionEvent.HostEvent("rotate_backups", now, null, null, "deletes images " + oldest + ", "
                        + older + " with their archives"))));
        record.getStatus().setActions(actions);
        record.getStatus().setTaskState("image_uploading");
        client.resource(record).updateStatus();

        try (Backend second = host.backend()) {
            host.awaitIdle(second, id, "active");
            assertEquals(caller.requestId(), host.record(id).getStatus().getCompletedRequestId());
            assertEquals(Set.of(newest), second.domain().catalog().listImages(ALICE).stream()
                    .filter(i -> id.equals(i.properties().get("instance_uuid"))).map(ImageData::id)
                    .collect(Collectors.toSet()));
            String hostNs = record.getSpec().getHostNamespace();
            String release = record.getSpec().getRelease();
            // b2 deleted as a user's delete does it; b1, already gone, not asked for again; b3's snapshot not redone
            assertNotNull(client.configMaps().inNamespace(hostNs)
                    .withName(SnapshotRequests.deleteRequestName(release, older)).get());
            assertNull(client.configMaps().inNamespace(hostNs)
                    .withName(SnapshotRequests.deleteRequestName(release, oldest)).get());
            assertNull(client.configMaps().inNamespace(hostNs).withName(requestName).get());
            InstanceActionData done = second.domain().servers().getInstanceAction(ALICE, id, caller.requestId());
            assertEquals(Optional.empty(), done.message());
            assertEquals(List.of("vcluster_snapshot_request", "vcluster_etcd_backup", "rotate_backups"),
                    done.events().stream().map(InstanceActionData.Event::event).toList());
            assertEquals(List.of(), done.events().stream()
                    .filter(e -> !e.result().equals(Optional.of("Success"))).toList());
        }
    }

    private String backup(Backend backend, String id, String name) {
        String imageId = backend.domain().servers().createBackup(again(ALICE), id,
                new ServerAction.CreateBackup(name, "daily", 5, Map.of()));
        new ServerSteps(backend.domain(), host.client()).awaitImage(ALICE, imageId, "active");
        host.awaitIdle(backend, id, "active");
        return imageId;
    }

    private static ImageRecord image(KubernetesClient client, String imageId) {
        return client.resources(ImageRecord.class).inNamespace(NS).withName(Records.imageName(imageId)).get();
    }
}
