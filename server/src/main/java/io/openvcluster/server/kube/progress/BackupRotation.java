package io.openvcluster.server.kube.progress;

import io.openvcluster.api.ApiException;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.crd.SnapshotIntent;
import io.openvcluster.server.kube.records.CatalogRecords;
import io.openvcluster.server.kube.records.ImageDeletions;
import io.openvcluster.server.kube.records.RecordStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Nova's {@code _rotate_backups}, once a createBackup's image is active: this server's images with
 * {@code image_type=backup} and the same {@code backup_type}, newest first by creation time; every one beyond the
 * rotation is deleted with its archive, through the same deletion a user's {@code DELETE} takes
 * ({@link ImageDeletions}). Rotation 0 deletes them all, the new one included, as Nova does.
 *
 * <p>Two passes, as every host operation: the first enters event {@code rotate_backups} in the action, naming the
 * images it is about to delete; the next, seeing the event, deletes whatever of that list is still there (computed
 * again from the records, so never another server's or another type's backup, and never an image twice) and lets the
 * action end. A facade that stops in between is followed by one that finishes the rotation; the new image is never
 * created again once the event is recorded. An image Glance refuses to delete (protected, being restored) is kept, as
 * Nova logs and goes on.
 */
final class BackupRotation {
    static final String ROTATE_BACKUPS = "rotate_backups";
    private static final System.Logger LOG = System.getLogger(BackupRotation.class.getName());

    private final RecordStore store;
    private final ImageDeletions deletions;

    BackupRotation(RecordStore store, ImageDeletions deletions) {
        this.store = store;
        this.deletions = deletions;
    }

    /** Whether the rotation of {@code action} is recorded: its images are then deleted, not planned. */
    static boolean recorded(ServerRecord record, ActionRequest action) {
        ServerStatus status = record.getStatus();
        return status != null && status.getActions() != null && status.getActions().stream()
                .anyMatch(a -> a.requestId().equals(action.requestId()) && a.hasEvent(ROTATE_BACKUPS));
    }

    /** The event naming what the rotation deletes, entered in the action before anything is deleted. */
    BiConsumer<ServerStatus, String> plan(ServerRecord record, ActionRequest action, SnapshotIntent.Backup backup) {
        List<ImageRecord> excess = excess(record.getMetadata().getName(), backup);
        StringBuilder details = new StringBuilder("keeps the newest " + backup.keep() + " backups of type '"
                + backup.backupType() + "' of this server: ");
        List<String> deleted = excess.stream().filter(i -> deletions.refusal(i).isEmpty())
                .map(i -> i.getSpec().getId()).toList();
        details.append(deleted.isEmpty() ? "nothing to delete"
                : "deletes image" + (deleted.size() > 1 ? "s " : " ") + String.join(", ", deleted)
                + " with " + (deleted.size() > 1 ? "their archives" : "its archive"));
        excess.forEach(i -> deletions.refusal(i).ifPresent(e -> details.append("; keeps ")
                .append(i.getSpec().getId()).append(": ").append(e.getMessage())));
        String text = details.toString();
        return ActionProgress.event(action, ROTATE_BACKUPS, text);
    }

    /** Deletes what is still beyond the rotation; an API failure is thrown (the pass is retried). */
    void rotate(ServerRecord record, SnapshotIntent.Backup backup) {
        for (ImageRecord image : excess(record.getMetadata().getName(), backup)) {
            try {
                deletions.delete(image, deletions::markPendingDelete);
                LOG.log(System.Logger.Level.INFO, "backup rotation of server " + record.getMetadata().getName()
                        + ": image " + image.getSpec().getId() + " deleted");
            } catch (ApiException e) {
                LOG.log(System.Logger.Level.INFO, "backup rotation of server " + record.getMetadata().getName()
                        + " keeps image " + image.getSpec().getId() + ": " + e.getMessage());
            }
        }
    }

    /** This server's backups of the type, newest first, beyond the first {@code keep}. */
    private List<ImageRecord> excess(String serverId, SnapshotIntent.Backup backup) {
        List<ImageRecord> backups = store.images().stream()
                .filter(i -> !CatalogRecords.STATUS_PENDING_DELETE.equals(i.getSpec().getStatus()))
                .filter(i -> {
                    Map<String, String> p = Optional.ofNullable(i.getSpec().getProperties()).orElse(Map.of());
                    return CatalogRecords.IMAGE_TYPE_BACKUP.equals(p.get(CatalogRecords.PROP_IMAGE_TYPE))
                            && serverId.equals(p.get(CatalogRecords.PROP_INSTANCE_UUID))
                            && backup.backupType().equals(p.get(CatalogRecords.PROP_BACKUP_TYPE));
                })
                .sorted(Comparator.comparing(BackupRotation::createdAt).reversed()
                        .thenComparing(i -> i.getSpec().getId()))
                .toList();
        return backups.size() <= backup.keep() ? List.of() : backups.subList(backup.keep(), backups.size());
    }

    private static Instant createdAt(ImageRecord image) {
        return image.getSpec().getCreatedAt() == null ? Instant.EPOCH : Instant.parse(image.getSpec().getCreatedAt());
    }
}
