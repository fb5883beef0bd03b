package io.openvcluster.server.kube.progress;

import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.crd.SnapshotIntent;
import io.openvcluster.server.kube.records.CatalogRecords;
import io.openvcluster.server.kube.records.ImageDeletions;
import io.openvcluster.server.kube.records.RecordStore;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The shelve image's life on the reconciler's side. A shelve is a snapshot first ({@link SnapshotProgress}, with
 * Nova's shelving tasks); once its image is active the status records it ({@code status.shelvedImageId}) and the
 * vcluster is stopped, then offloaded ({@link PowerOperations}); after an unshelve has finished, the shelve image
 * is deleted with its archive, as Nova deletes it.
 */
public final class Shelves {
    public static final String SHELVE = "shelve";
    public static final String UNSHELVE = "unshelve";

    private final RecordStore store;
    private final ImageDeletions deletions;

    Shelves(RecordStore store, ImageDeletions deletions) {
        this.store = store;
        this.deletions = deletions;
    }

    /** The running shelve's snapshot is taken: what is left of the shelve is on the power operations. */
    static boolean snapshotTaken(ServerRecord record) {
        SnapshotIntent snapshot = record.getSpec().getSnapshot();
        return snapshot != null && record.getStatus() != null
                && snapshot.imageId().equals(record.getSpec().getShelvedImageId())
                && snapshot.imageId().equals(record.getStatus().getShelvedImageId());
    }

    /**
     * The shelve's snapshot is active: recorded in the status, so the vcluster is stopped from now on. With the
     * {@code container://} store the archive lives on the vcluster's own volume: offloading would delete it, so the
     * server stays SHELVED on the host, and the action says why.
     */
    static BiConsumer<ServerStatus, String> snapshotDone(SnapshotIntent intent, ActionRequest action) {
        BiConsumer<ServerStatus, String> taken = (status, now) -> status.setShelvedImageId(intent.imageId());
        return !intent.url().startsWith("container://") ? taken
                : taken.andThen(ActionProgress.event(action, "offload_skipped", "the shelve image " + intent.imageId()
                        + " is stored on the vcluster's own volume (" + intent.url() + "): offloading would delete "
                        + "it, so the vcluster stays on the host, stopped"));
    }

    /**
     * After an unshelve has finished (Success or not, as Nova deletes the image once the instance is back), the
     * shelve image goes with its archive; a refusal (protected by its owner) keeps it. Idempotent: an image already
     * gone, or pending deletion, is left alone.
     */
    void removeUnshelvedImage(ServerRecord record) {
        ActionRequest last = record.getSpec().getAction();
        String imageId = record.getSpec().getShelvedImageId();
        if (last == null || imageId == null || !UNSHELVE.equals(last.action())
                || Records.pendingAction(record).isPresent()) {
            return;
        }
        Optional<ImageRecord> image = store.image(imageId)
                .filter(i -> !CatalogRecords.STATUS_PENDING_DELETE.equals(i.getSpec().getStatus()));
        if (image.isPresent() && deletions.refusal(image.get()).isEmpty()) {
            deletions.delete(image.get(), deletions::markPendingDelete);
        }
    }
}
