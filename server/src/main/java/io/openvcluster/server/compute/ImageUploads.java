package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.server.archives.ArchiveStore;
import io.openvcluster.server.archives.ArchiveStoreException;
import io.openvcluster.server.archives.SnapshotArchiveFormat;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.ImageRecordSpec;
import io.openvcluster.server.kube.records.CatalogRecords;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import io.openvcluster.translator.ImageSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Glance's image data: {@code PUT /v2/images/{id}/file} stores a vcluster snapshot archive as the image's data, which
 * makes it a snapshot image like one the facade took (cloned and restored from its archive URL); {@code GET} reads a
 * snapshot's archive back. The whole contract: docs/images.md, "Uploading and downloading archives".
 *
 * <p>An upload, step by step: the record goes {@code queued} → {@code saving} (with this replica's name, the start
 * time and the archive URL, so that a crash is found and undone: {@link #recoverInterruptedUploads}); the body is
 * spooled to a file with its hashes ({@link ArchiveSpool}); the file is checked ({@link SnapshotArchiveFormat}) and
 * stored in one request; the record becomes {@code active}. Any failure puts the record back to {@code queued}, and
 * nothing is left in the store.
 */
final class ImageUploads {
    private static final System.Logger LOG = System.getLogger(ImageUploads.class.getName());

    /** What a download gives: no data (Glance's 204), or the archive's bytes. */
    sealed interface ImageFile permits NoData, Archive {
    }

    record NoData() implements ImageFile {
    }

    /** @param md5 Glance's checksum when the facade knows it (an uploaded archive) */
    record Archive(ArchiveStore.Download download, Optional<String> md5) implements ImageFile {
    }

    private final Catalog catalog;
    private final RecordStore store;
    private final RecordWriter writer;
    private final ArchiveStore archives;
    private final Supplier<Map<String, String>> credentials;
    private final SnapshotStore snapshotStore;
    private final ArchiveSpool spool;
    private final ImageTransferLimits limits;
    private final String replica;
    private final Clock clock;

    ImageUploads(Catalog catalog, RecordStore store, RecordWriter writer, ArchiveStore archives,
                 Supplier<Map<String, String>> credentials, SnapshotStore snapshotStore, ImageTransferLimits limits,
                 String replica, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.writer = writer;
        this.archives = archives;
        this.credentials = credentials;
        this.snapshotStore = snapshotStore;
        this.spool = new ArchiveSpool(limits);
        this.limits = limits;
        this.replica = replica;
        this.clock = clock;
    }

    java.time.Duration deadline() {
        return limits.deadline();
    }

    void upload(Caller caller, String imageId, InputStream body, OptionalLong declaredLength) {
        ImageRecord image = catalog.visibleImage(caller, imageId);
        Catalog.requireImageOwner(caller, image, "upload data to");
        spool.checkDeclared(declaredLength);
        String url = snapshotStore.url(imageId);
        if (snapshotStore.type().equals("container")) {
            // Glance's StoreAddDisabled
            throw new ApiException(410, "Error in store configuration. Adding images to the container:// snapshot "
                    + "store is disabled: its archives are files on each server's own volume, which the facade cannot "
                    + "write.");
        }
        String started = clock.instant().toString();
        writer.update(ImageRecord.class, () -> store.image(imageId), record -> beginSaving(record, url, started),
                false, () -> catalog.imageNotFound(imageId));
        boolean stored = false;
        try (ArchiveSpool.Spooled spooled = spool.spool(body)) {
            ImageSpec meaning = meaning(imageId, spooled);
            try {
                archives.put(url, spooled.file(), spooled.size(), credentials.get());
            } catch (ArchiveStoreException e) {
                throw ApiException.unavailable("The snapshot store did not take the archive: " + e.getMessage());
            }
            stored = true;
            writer.update(ImageRecord.class, () -> store.image(imageId),
                    record -> activate(record.getSpec(), started, spooled, meaning), false, () -> gone(imageId));
        } catch (RuntimeException e) {
            // an archive that could not be deleted keeps the record saving: the next start deletes it
            if (!stored || deleteQuietly(url)) {
                backToQueued(imageId, started);
            }
            throw e;
        }
    }

    /** Glance's 409 unless {@code queued}; the formats must be set first (Glance's 400). */
    private void beginSaving(ImageRecord record, String url, String started) {
        ImageRecordSpec spec = record.getSpec();
        if (!"queued".equals(spec.getStatus())) {
            throw ApiException.conflict("Image status transition from " + spec.getStatus()
                    + " to saving is not allowed");
        }
        if (spec.getDiskFormat() == null || spec.getContainerFormat() == null) {
            throw ApiException.badRequest("Properties disk_format, container_format must be set prior to saving "
                    + "data.");
        }
        Map<String, String> properties = properties(spec);
        properties.put(CatalogRecords.PROP_UPLOAD_REPLICA, replica);
        properties.put(CatalogRecords.PROP_UPLOAD_STARTED, started);
        properties.put(CatalogRecords.PROP_SNAPSHOT_URL, url);
        spec.setProperties(properties);
        spec.setStatus("saving");
        spec.setUpdatedAt(started);
    }

    /** Only the upload that set {@code saving} finishes it: one deleted or reset meanwhile is gone (Glance's 410). */
    private void activate(ImageRecordSpec spec, String started, ArchiveSpool.Spooled spooled, ImageSpec meaning) {
        if (!ours(spec, started)) {
            throw gone(spec.getId());
        }
        Map<String, String> properties = properties(spec);
        properties.remove(CatalogRecords.PROP_UPLOAD_REPLICA);
        properties.remove(CatalogRecords.PROP_UPLOAD_STARTED);
        properties.put(CatalogRecords.PROP_CHECKSUM, spooled.md5());
        properties.put(CatalogRecords.PROP_HASH_ALGO, "sha512");
        properties.put(CatalogRecords.PROP_HASH_VALUE, spooled.sha512());
        properties.put(CatalogRecords.PROP_CHART_VERSION, meaning.chartVersion());
        properties.put(CatalogRecords.PROP_KUBERNETES_VERSION, meaning.kubernetesVersion());
        properties.put(CatalogRecords.PROP_DISTRO, meaning.distro());
        spec.setProperties(properties);
        spec.setChartVersion(meaning.chartVersion());
        spec.setKubernetesVersion(meaning.kubernetesVersion());
        spec.setDistro(meaning.distro());
        spec.setSizeBytes(spooled.size());
        spec.setStatus("active");
        spec.setUpdatedAt(clock.instant().toString());
    }

    /** What the archive restores: its release says the chart, its values (or {@code base_image_ref}) the rest. */
    private ImageSpec meaning(String imageId, ArchiveSpool.Spooled spooled) {
        SnapshotArchiveFormat.Contents contents;
        try (InputStream in = Files.newInputStream(spooled.file())) {
            contents = SnapshotArchiveFormat.inspect(in);
        } catch (SnapshotArchiveFormat.NotAnArchiveException e) {
            throw ApiException.badRequest("The image data is not a vcluster snapshot archive: " + e.getMessage()
                    + ".");
        } catch (IOException e) {
            throw ApiException.unavailable("The spooled upload could not be read: " + e.getMessage());
        }
        ImageRecordSpec own = store.image(imageId).map(ImageRecord::getSpec).orElseThrow(() -> gone(imageId));
        Optional<ImageRecordSpec> base = Optional.ofNullable(own.getProperties())
                .map(p -> p.get(CatalogRecords.PROP_BASE_IMAGE)).flatMap(store::image).map(ImageRecord::getSpec)
                .filter(b -> CatalogRecords.snapshotArchive(b).isEmpty() && b.getKubernetesVersion() != null);
        String distro = contents.distro().or(() -> base.map(ImageRecordSpec::getDistro)).orElse("");
        String version = contents.kubernetesVersion().or(() -> base.map(ImageRecordSpec::getKubernetesVersion))
                .orElseThrow(() -> ApiException.badRequest("The archive's release entry does not name its "
                        + "Kubernetes version (controlPlane.distro.<distro>.version in its values): set the "
                        + "property base_image_ref to the base image it was taken from."));
        boolean installable = store.images().stream().map(ImageRecord::getSpec)
                .filter(i -> CatalogRecords.snapshotArchive(i).isEmpty())
                .anyMatch(i -> contents.chartVersion().equals(i.getChartVersion()));
        if (!installable) {
            throw ApiException.badRequest("The archive was taken with vcluster chart " + contents.chartVersion()
                    + ", which no base image of this cloud installs.");
        }
        try {
            return new ImageSpec(imageId, contents.chartVersion(), version, distro);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The archive cannot be restored here: " + e.getMessage() + ".");
        }
    }

    /** A failed upload leaves the image as it found it: {@code queued}, no archive. Best effort: see recovery. */
    private void backToQueued(String imageId, String started) {
        try {
            writer.update(ImageRecord.class, () -> store.image(imageId), record -> {
                if (ours(record.getSpec(), started)) {
                    requeue(record.getSpec());
                }
            }, false, () -> catalog.imageNotFound(imageId));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "image " + imageId + " stays saving after a failed upload ("
                    + e.getMessage() + "); the next start of this replica puts it back to queued");
        }
    }

    private boolean ours(ImageRecordSpec spec, String started) {
        Map<String, String> properties = properties(spec);
        return "saving".equals(spec.getStatus()) && replica.equals(properties.get(CatalogRecords.PROP_UPLOAD_REPLICA))
                && started.equals(properties.get(CatalogRecords.PROP_UPLOAD_STARTED));
    }

    private void requeue(ImageRecordSpec spec) {
        Map<String, String> properties = properties(spec);
        properties.remove(CatalogRecords.PROP_UPLOAD_REPLICA);
        properties.remove(CatalogRecords.PROP_UPLOAD_STARTED);
        properties.remove(CatalogRecords.PROP_SNAPSHOT_URL);
        spec.setProperties(properties);
        spec.setStatus("queued");
        spec.setUpdatedAt(clock.instant().toString());
    }

    /**
     * At start: uploads this replica left {@code saving} when it stopped, and those of any replica older than the
     * transfer deadline, are undone: the store object (whole or not) deleted, then the record put back to
     * {@code queued}. A store that fails leaves the record {@code saving} for the next start.
     */
    void recoverInterruptedUploads() {
        spool.clearLeftovers();
        Instant stale = clock.instant().minus(limits.deadline());
        for (ImageRecord image : store.images()) {
            ImageRecordSpec spec = image.getSpec();
            Map<String, String> properties = properties(spec);
            String holder = properties.get(CatalogRecords.PROP_UPLOAD_REPLICA);
            String started = properties.get(CatalogRecords.PROP_UPLOAD_STARTED);
            if (!"saving".equals(spec.getStatus()) || holder == null || started == null
                    || !(holder.equals(replica) || startedBefore(started, stale))) {
                continue;
            }
            try {
                Optional.ofNullable(properties.get(CatalogRecords.PROP_SNAPSHOT_URL))
                        .ifPresent(u -> archives.delete(u, credentials.get()));
                writer.update(ImageRecord.class, () -> store.image(spec.getId()), record -> {
                    Map<String, String> now = properties(record.getSpec());
                    if ("saving".equals(record.getSpec().getStatus())
                            && holder.equals(now.get(CatalogRecords.PROP_UPLOAD_REPLICA))
                            && started.equals(now.get(CatalogRecords.PROP_UPLOAD_STARTED))) {
                        requeue(record.getSpec());
                    }
                }, false, () -> catalog.imageNotFound(spec.getId()));
                LOG.log(System.Logger.Level.INFO, "image " + spec.getId() + ": the upload interrupted on " + holder
                        + " is undone; the image is queued again");
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "image " + spec.getId() + ": the interrupted upload could not "
                        + "be undone yet: " + e.getMessage());
            }
        }
    }

    private static boolean startedBefore(String started, Instant bound) {
        try {
            return Instant.parse(started).isBefore(bound);
        } catch (RuntimeException e) {
            return true;
        }
    }

    ImageFile download(Caller caller, String imageId) {
        ImageRecord image = catalog.visibleImage(caller, imageId);
        Optional<String> url = CatalogRecords.snapshotArchive(image);
        if (!"active".equals(image.getSpec().getStatus()) || url.isEmpty()) {
            return new NoData();
        }
        try {
            ArchiveStore.Download download = archives.get(url.get(), credentials.get());
            return new Archive(download, Optional.ofNullable(properties(image.getSpec())
                    .get(CatalogRecords.PROP_CHECKSUM)));
        } catch (UnsupportedOperationException e) {
            // Glance's StoreGetNotSupported
            throw ApiException.badRequest("The data of image " + imageId + " cannot be read: " + e.getMessage()
                    + ".");
        } catch (ArchiveStoreException e) {
            throw ApiException.unavailable("The snapshot store could not be read: " + e.getMessage());
        }
    }

    private boolean deleteQuietly(String url) {
        try {
            archives.delete(url, credentials.get());
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the archive " + url + " of a failed upload is still in the store "
                    + "(" + e.getMessage() + "); the next start of this replica deletes it");
            return false;
        }
    }

    private static ApiException gone(String imageId) {
        return new ApiException(410, "Image " + imageId + " could not be found after upload. The image may have "
                + "been deleted during the upload.");
    }

    private static Map<String, String> properties(ImageRecordSpec spec) {
        return new LinkedHashMap<>(spec.getProperties() == null ? Map.of() : spec.getProperties());
    }
}
