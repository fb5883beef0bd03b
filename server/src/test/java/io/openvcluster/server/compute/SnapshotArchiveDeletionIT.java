package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ADMIN;
import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.records.CatalogRecords;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deleting a snapshot image whose source server is already deleted, in the sandbox with its default s3 store: no
 * vcluster is left to process a delete request, so the facade deletes the archive itself through its s3 client,
 * which reaches the simulator's store over the sandbox's S3 endpoint (as it reaches a real store).
 */
@SandboxBackendTest(sandboxSnapshotStore = true)
class SnapshotArchiveDeletionIT {
    private static final String NS = BackendSettings.DEFAULT_NAMESPACE;
    private static SandboxCluster sandbox;
    private static KubernetesClient client;
    private static Domain compute;
    private static ServerSteps steps;

    /** A snapshot, active, of a server that is then deleted; returns the image id. */
    private static String snapshotOfADeletedServer(Caller user, String name) {
        ServerData server = compute.servers().createServer(user, create(name)).servers().get(0);
        await(name + " active", () -> compute.servers().getServer(user, server.id()).vmState().equals("active")
                && compute.servers().getServer(user, server.id()).taskState().isEmpty());
        String imageId = compute.servers().createImage(again(user), server.id(), new ServerAction.CreateImage(name + "-snap",
                Map.of()));
        await(imageId + " active", () -> compute.catalog().getImage(user, imageId).status().equals("active"));
        await(name + " idle", () -> compute.servers().getServer(user, server.id()).taskState().isEmpty());
        assertTrue(sandbox.simulator().storedSnapshots().contains(url(imageId)));
        compute.servers().deleteServer(again(user), server.id());
        await(name + " deleted", () -> {
            try {
                compute.servers().getServer(ADMIN, server.id());
                return false;
            } catch (ApiException e) {
                return e.status() == 404;
            }
        });
        return imageId;
    }

    private static String url(String imageId) {
        return "s3://sandbox-snapshots/images/" + imageId + ".tar.gz";
    }

    private static boolean gone(Caller caller, String imageId) {
        return steps.imageGone(caller, imageId);
    }

    @Test
    void theArchiveOfASnapshotWhoseServerIsGoneIsDeletedFromTheStoreByTheFacade() {
        Caller user = Fixtures.caller("user-ad1", "project-ad1", "member");
        String imageId = snapshotOfADeletedServer(user, "gone-src");

        compute.catalog().deleteImage(again(user), imageId);

        // gone for the project at once, as Glance answers 204 and hides the image
        assertTrue(gone(user, imageId));
        assertFalse(compute.catalog().listImages(user).stream().anyMatch(i -> i.id().equals(imageId)));
        assertFalse(compute.catalog().listImages(ADMIN).stream().anyMatch(i -> i.id().equals(imageId)));
        // the facade's s3 client deleted the archive from the simulator's store, then the record went
        await("archive deleted from the store", () -> !sandbox.simulator().storedSnapshots().contains(url(imageId)));
        await("record deleted", () -> gone(ADMIN, imageId));
    }

    @Test
    void aStoreThatRefusesKeepsTheImagePendingWithItsErrorForAdminsUntilItAccepts() {
        Caller user = Fixtures.caller("user-ad2", "project-ad2", "member");
        String imageId = snapshotOfADeletedServer(user, "refused-src");
        // the store refuses the facade's key (the sandbox endpoint checks the access key id)
        Map<String, String> wrongKey = new HashMap<>(sandbox.s3Endpoint().credentials());
        wrongKey.put("access-key-id", "revoked-key");
        writeCredentials(wrongKey);
        try {
            compute.catalog().deleteImage(again(user), imageId);
            assertTrue(gone(user, imageId));
            await("the store's error recorded", () -> !gone(ADMIN, imageId) && compute.catalog().getImage(ADMIN, imageId)
                    .properties().containsKey(CatalogRecords.PROP_DELETE_ERROR));
            ImageData pending = compute.catalog().getImage(ADMIN, imageId);
            assertEquals(CatalogRecords.STATUS_PENDING_DELETE, pending.status());
            assertTrue(pending.properties().get(CatalogRecords.PROP_DELETE_ERROR).contains("InvalidAccessKeyId"),
                    pending.properties()::toString);
            assertTrue(sandbox.simulator().storedSnapshots().contains(url(imageId)), "nothing lost");
            assertFalse(compute.catalog().listImages(ADMIN).stream().anyMatch(i -> i.id().equals(imageId)));
            // deleting it again changes nothing; a non-admin no longer finds it
            compute.catalog().deleteImage(ADMIN, imageId);
            assertEquals(404, assertThrows(ApiException.class, () -> compute.catalog().deleteImage(user, imageId)).status());
        } finally {
            writeCredentials(sandbox.s3Endpoint().credentials());
        }
        // the key fixed: a later retry succeeds
        await("archive deleted once the store accepts", () -> !sandbox.simulator().storedSnapshots()
                .contains(url(imageId)));
        await("record deleted", () -> gone(ADMIN, imageId));
    }

    private static void writeCredentials(Map<String, String> credentials) {
        client.secrets().inNamespace(NS).withName(SandboxCluster.SNAPSHOT_CREDENTIALS_SECRET).delete();
        client.resource(new SecretBuilder().withNewMetadata().withName(SandboxCluster.SNAPSHOT_CREDENTIALS_SECRET)
                .withNamespace(NS).endMetadata().withStringData(credentials).build()).create();
    }
}
