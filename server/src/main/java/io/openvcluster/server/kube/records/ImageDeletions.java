package io.openvcluster.server.kube.records;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one way an image is deleted, by a user ({@code DELETE} on Glance's or Nova's image API, after the caller's own
 * checks) or by a backup rotation: Glance's refusals that depend on the image alone, then its archive, then its record.
 * A snapshot's archive is deleted by vcluster's delete request (the same Secret and ConfigMap pair as a snapshot
 * request, phase {@code Deleting}), processed by the vcluster the snapshot was taken from. When that server is gone
 * (or being deleted), a {@code container://} archive went with its volume, and an archive in s3 or oci is left to the
 * facade itself ({@code ArchiveDeletions}): the record is then kept as {@code pending_delete}.
 */
public final class ImageDeletions {
    private final KubernetesClient client;
    private final RecordStore store;
    private final Supplier<Map<String, String>> credentials;
    private final Clock clock;

    /** @param credentials the snapshot store's credentials, copied into a delete request's options */
    public ImageDeletions(KubernetesClient client, RecordStore store, Supplier<Map<String, String>> credentials,
                          Clock clock) {
        this.client = client;
        this.store = store;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** Why Glance would refuse to delete this image whoever asks (protected, being restored). */
    public Optional<ApiException> refusal(ImageRecord image) {
        String imageId = image.getSpec().getId();
        if (image.getSpec().isIsProtected()) {
            return Optional.of(ApiException.forbidden("Image " + imageId + " is protected and cannot be deleted."));
        }
        boolean rebuilding = store.allServers().stream()
                .filter(s -> imageId.equals(s.getSpec().getImageId()))
                .anyMatch(s -> Records.pendingAction(s).filter(a -> "rebuild".equals(a.action())).isPresent());
        if (rebuilding) {
            return Optional.of(ApiException.conflict("Image " + imageId
                    + " is in use: a server is being rebuilt from it."));
        }
        boolean unshelving = store.allServers().stream()
                .filter(s -> s.getSpec().getRestore() != null && imageId.equals(s.getSpec().getRestore().imageId()))
                .anyMatch(s -> Records.pendingAction(s).filter(a -> "unshelve".equals(a.action())).isPresent());
        if (unshelving) {
            return Optional.of(ApiException.conflict("Image " + imageId
                    + " is in use: a server is being unshelved from it."));
        }
        return Optional.empty();
    }

    /**
     * Deletes the image: a refusal is thrown; the archive's deletion is asked of its vcluster, and the record deleted;
     * or, when the facade must delete the archive itself, {@code markPendingDelete} keeps the record for it.
     *
     * @throws ApiException              the image's refusal
     * @throws KubernetesClientException the API failed: nothing or part of it was done, and all of it may be repeated
     */
    public void delete(ImageRecord image, Consumer<ImageRecord> markPendingDelete) {
        Optional<ApiException> refused = refusal(image);
        if (refused.isPresent()) {
            throw refused.get();
        }
        if (beingSaved(image)) {
            // Glance deletes an image being saved. The reconciler cancels the snapshot that takes it
            // (SnapshotProgress), then ArchiveDeletions removes what was written of its archive, and the record.
            markPendingDelete.accept(image);
            return;
        }
        if (requestArchiveDeletion(image)) {
            markPendingDelete.accept(image);
            return;
        }
        client.resources(ImageRecord.class).inNamespace(store.namespace()).withName(image.getMetadata().getName())
                .delete();
        store.deleted(image);
    }

    /** Glance's {@code queued} or {@code saving}: its snapshot is being taken. */
    public static boolean beingSaved(ImageRecord image) {
        return "queued".equals(image.getSpec().getStatus()) || "saving".equals(image.getSpec().getStatus());
    }

    /** The record kept with status {@code pending_delete}, for the facade's own archive deletion; one attempt. */
    public void markPendingDelete(ImageRecord image) {
        ImageRecord copy = Records.copy(image);
        copy.getSpec().setStatus(CatalogRecords.STATUS_PENDING_DELETE);
        copy.getSpec().setUpdatedAt(clock.instant().toString());
        store.written(client.resources(ImageRecord.class).inNamespace(store.namespace()).resource(copy).update());
    }

    /** @return true when the facade must delete the archive itself: the image is then kept as pending deletion */
    private boolean requestArchiveDeletion(ImageRecord image) {
        Map<String, String> properties = image.getSpec().getProperties() == null ? Map.of()
                : image.getSpec().getProperties();
        String url = properties.get(CatalogRecords.PROP_SNAPSHOT_URL);
        String serverId = properties.get(CatalogRecords.PROP_INSTANCE_UUID);
        if (url == null || !"active".equals(image.getSpec().getStatus())) {
            return false;
        }
        if (serverId == null) {
            // an uploaded archive: no vcluster wrote it, the facade deletes it
            return url.startsWith("s3://") || url.startsWith("oci://");
        }
        Optional<ServerRecord> source = store.server(serverId).filter(s -> !s.getSpec().isDeleteRequested());
        if (source.isEmpty()) {
            return url.startsWith("s3://") || url.startsWith("oci://");
        }
        var spec = source.get().getSpec();
        String name = SnapshotRequests.deleteRequestName(spec.getRelease(), image.getSpec().getId());
        String ns = spec.getHostNamespace();
        CrdResources.createIfAbsent(() -> client.resource(SnapshotRequests.optionsSecret(name, ns, spec.getRelease(),
                url, credentials.get(), spec.getImage().chartVersion())).create(), false);
        CrdResources.createIfAbsent(() -> client.resource(SnapshotRequests.requestConfigMap(name, ns,
                spec.getRelease(), url, clock.instant().toString(), SnapshotRequests.PHASE_DELETING)).create(), false);
        return false;
    }
}
