package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Deleting an image while its snapshot is being taken cancels the snapshot, as Glance deletes a queued or saving
 * image: the image is gone at once for its owner, vcluster's request is deleted, the action ends in Error saying why,
 * and the server is left as it was (a cancelled shelve does not stop it). The slow host (1 s a step) keeps the
 * snapshot running long enough to delete its image meanwhile.
 */
@SandboxBackendTest(simulatorDelayMillis = 1000, snapshotStore = "s3://cancel-test/images", shelvedOffloadSeconds = -1)
class SnapshotCancelIT {
    private static final Caller IDA = caller("user-ida", "project-iota", "member");
    private static Domain compute;
    private static ServerSteps steps;
    private static KubernetesClient client;

    @Test
    void deletingAnImageBeingSavedCancelsItsSnapshot() {
        ServerData server = steps.active(IDA, "cancelled");
        Caller snapping = again(IDA);
        String imageId = compute.servers().createImage(snapping, server.id(), new ServerAction.CreateImage("gone",
                Map.of()));
        assertTrue(Optional.of(compute.catalog().getImage(IDA, imageId).status()).filter(s -> s.equals("queued")
                || s.equals("saving")).isPresent(), "still being saved");

        compute.catalog().deleteImage(again(IDA), imageId);
        assertEquals(404, assertThrows(ApiException.class, () -> compute.catalog().getImage(IDA, imageId)).status(),
                "gone for its owner at once");

        await("the snapshot ended", () -> compute.servers().getInstanceAction(IDA, server.id(),
                snapping.requestId()).message().isPresent());
        InstanceActionData action = compute.servers().getInstanceAction(IDA, server.id(), snapping.requestId());
        assertEquals(Optional.of("Error"), action.message());
        assertTrue(action.events().stream().anyMatch(e -> e.event().equals("snapshot_cancelled")), action.toString());
        steps.awaitIdle(IDA, server.id(), "active");
        ServerRecord record = steps.record(server.id());
        assertNull(client.configMaps().inNamespace(record.getSpec().getHostNamespace())
                .withName(SnapshotRequests.requestName(record.getSpec().getRelease(), imageId)).get(),
                "vcluster's request deleted");
    }

    @Test
    void aShelveWhoseImageIsDeletedMeanwhileLeavesTheVclusterRunning() {
        ServerData server = steps.active(IDA, "not-shelved");
        Caller shelver = again(IDA);
        compute.servers().performAction(shelver, server.id(), new ServerAction.Shelve());
        String imageId = steps.record(server.id()).getSpec().getShelvedImageId();
        compute.catalog().deleteImage(again(IDA), imageId);

        await("the shelve ended", () -> compute.servers().getInstanceAction(IDA, server.id(), shelver.requestId())
                .message().isPresent());
        assertEquals(Optional.of("Error"), compute.servers().getInstanceAction(IDA, server.id(),
                shelver.requestId()).message());
        steps.awaitIdle(IDA, server.id(), "active");
        assertEquals(1, steps.statefulSet(server.id()).getSpec().getReplicas(), "never stopped");
    }
}
