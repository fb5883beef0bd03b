package io.openvcluster.server.kube.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.openvcluster.server.archives.ArchiveStore;
import io.openvcluster.server.archives.ArchiveStoreException;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.progress.SnapshotProgress;
import io.openvcluster.server.kube.records.CatalogRecords;
import io.openvcluster.server.kube.records.RecordStore;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Deletes the archives of deleted snapshot images that no vcluster is left to delete (the source server is gone),
 * level-triggered and crash-safe. {@code DELETE /images/{id}} only records the intent: the image record stays with
 * status {@link CatalogRecords#STATUS_PENDING_DELETE} (hidden from every list, as Glance hides deleted images). Each
 * pass looks at the record alone: it deletes the archive from its store ({@link ArchiveStore}; a missing archive
 * counts as deleted) and then the record. A store that fails leaves the record, with the error and the number of
 * attempts in its properties ({@link CatalogRecords#PROP_DELETE_ERROR}, {@link CatalogRecords#PROP_DELETE_ATTEMPTS})
 * and a log line, and the image comes back after the work queue's back-off (0.5 s doubling to 30 s). A facade that
 * stops at any point is followed by one whose first resync finds the record and finishes: nothing is lost.
 * Runs on the reconciling replica only, beside the {@link Reconciler}.
 */
public final class ArchiveDeletions implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ArchiveDeletions.class.getName());
    private static final Duration RESYNC = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final RecordStore store;
    private final ArchiveStore archives;
    private final Supplier<Map<String, String>> credentials;
    private final Clock clock;
    private final WorkQueue queue = new WorkQueue();
    private final Thread worker = new Thread(this::work, "ovc-archive-deletions");
    private volatile boolean running = true;

    /** @param credentials the snapshot store's credentials Secret, decoded, read at each attempt */
    public ArchiveDeletions(KubernetesClient client, RecordStore store, ArchiveStore archives,
                            Supplier<Map<String, String>> credentials, Clock clock) {
        this.client = client;
        this.store = store;
        this.archives = archives;
        this.credentials = credentials;
        this.clock = clock;
        worker.setDaemon(true);
    }

    /** Follows image records (an image turning {@code pending_delete}), resyncs every minute, starts the worker. */
    public void start() {
        store.onImageEvents(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ImageRecord image) {
                if (pending(image)) {
                    queue.add(image.getSpec().getId());
                }
            }

            @Override
            public void onUpdate(ImageRecord before, ImageRecord after) {
                // only the transition: a failure written back to the record must not skip the back-off
                if (pending(after) && !pending(before)) {
                    queue.add(after.getSpec().getId());
                }
            }

            @Override
            public void onDelete(ImageRecord image, boolean deletedFinalStateUnknown) {
            }
        });
        queue.every(RESYNC, this::resync);
        resync();
        worker.start();
    }

    private void resync() {
        store.images().stream().filter(ArchiveDeletions::pending).forEach(i -> queue.add(i.getSpec().getId()));
    }

    private void work() {
        boolean open = true;
        while (running && open) {
            open = queue.processNext(this::attempt);
        }
    }

    private boolean attempt(String imageId) {
        try {
            return reconcile(imageId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "archive deletion of image " + imageId + " failed", e);
            return false;
        }
    }

    /**
     * One pass over one image: its archive deleted, then its record.
     *
     * @return true when nothing is left to do (done, or the image is not pending deletion); false to try again later
     */
    public boolean reconcile(String imageId) {
        Optional<ImageRecord> found = store.image(imageId).filter(ArchiveDeletions::pending);
        if (found.isEmpty()) {
            return true;
        }
        ImageRecord image = found.get();
        if (beingTaken(imageId)) {
            return false; // its snapshot is being cancelled: its archive may still be written; after that, then
        }
        Optional<String> url = Optional.ofNullable(image.getSpec().getProperties())
                .map(p -> p.get(CatalogRecords.PROP_SNAPSHOT_URL));
        try {
            url.ifPresent(u -> archives.delete(u, credentials.get()));
        } catch (ArchiveStoreException e) {
            recordFailure(image, e.getMessage());
            return false;
        }
        client.resources(ImageRecord.class).inNamespace(store.namespace()).withName(image.getMetadata().getName())
                .delete();
        store.deleted(image);
        LOG.log(System.Logger.Level.INFO, "image " + imageId + " deleted with its archive " + url.orElse("(none)"));
        return true;
    }

    /** A server's snapshot verb still runs for this image (the reconciler has not cancelled it yet). */
    private boolean beingTaken(String imageId) {
        return store.allServers().stream().anyMatch(s -> SnapshotProgress.taking(s, imageId));
    }

    /** The last error and the attempts so far, on the record for admins; a conflict is left to the next pass. */
    private void recordFailure(ImageRecord image, String message) {
        Map<String, String> properties = image.getSpec().getProperties() == null ? Map.of()
                : image.getSpec().getProperties();
        int attempts = parse(properties.get(CatalogRecords.PROP_DELETE_ATTEMPTS)) + 1;
        LOG.log(System.Logger.Level.WARNING, "cannot delete the archive of image " + image.getSpec().getId()
                + " (attempt " + attempts + "; the record is kept and the delete retried): " + message);
        ImageRecord copy = Records.copy(image);
        Map<String, String> next = new LinkedHashMap<>(properties);
        next.put(CatalogRecords.PROP_DELETE_ERROR, message);
        next.put(CatalogRecords.PROP_DELETE_ATTEMPTS, Integer.toString(attempts));
        copy.getSpec().setProperties(next);
        copy.getSpec().setUpdatedAt(clock.instant().toString());
        try {
            store.written(client.resources(ImageRecord.class).inNamespace(store.namespace()).resource(copy).update());
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw e;
            }
        }
    }

    static boolean pending(ImageRecord image) {
        return CatalogRecords.STATUS_PENDING_DELETE.equals(image.getSpec().getStatus());
    }

    private static int parse(String number) {
        try {
            return number == null ? 0 : Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        running = false;
        queue.close();
        worker.interrupt();
        try {
            // a store call in flight ends before the caller closes the store clients
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
