package io.openvcluster.server.kube.records;

import io.openvcluster.api.model.FlavorData;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.server.kube.crd.FlavorRecord;
import io.openvcluster.server.kube.crd.FlavorRecordSpec;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.ImageRecordSpec;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.crd.SnapshotIntent;
import io.openvcluster.translator.DefaultCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Conversions between the catalog's API model ({@link FlavorData}, {@link ImageData}) and its records. */
public final class CatalogRecords {
    /** Image properties carrying what a base image installs (Glance shows them as flat custom properties). */
    public static final String PROP_CHART_VERSION = "vcluster_chart_version";
    public static final String PROP_KUBERNETES_VERSION = "kubernetes_version";
    public static final String PROP_DISTRO = "vcluster_distro";
    /**
     * Snapshot properties, as Nova writes them on a snapshot. {@code image_type} and {@code base_image_ref} are Nova's
     * defaults, which a createImage's metadata may set otherwise; {@code instance_uuid} is the facade's too.
     */
    public static final String PROP_IMAGE_TYPE = "image_type";
    public static final String PROP_INSTANCE_UUID = "instance_uuid";
    public static final String PROP_BASE_IMAGE = "base_image_ref";
    /** A createBackup's type ({@code daily}, {@code weekly}, ...), beside {@code image_type=backup}, as Nova. */
    public static final String PROP_BACKUP_TYPE = "backup_type";
    public static final String IMAGE_TYPE_SNAPSHOT = "snapshot";
    public static final String IMAGE_TYPE_BACKUP = "backup";
    /** Where vcluster stored the snapshot archive (oci://, s3:// or container:// URL). */
    public static final String PROP_SNAPSHOT_URL = "vcluster_snapshot_url";
    /** Why a snapshot was killed (vcluster's {@code status.error.message}). */
    public static final String PROP_SNAPSHOT_ERROR = "vcluster_snapshot_error";
    /** Why the archive of an image being deleted is not deleted yet (the store's last error), shown to admins. */
    public static final String PROP_DELETE_ERROR = "vcluster_snapshot_delete_error";
    /** How many times the facade has tried to delete that archive. */
    public static final String PROP_DELETE_ATTEMPTS = "vcluster_snapshot_delete_attempts";
    /** Glance's hashes of an uploaded archive, kept as properties and shown as Glance's own attributes. */
    public static final String PROP_CHECKSUM = "checksum";
    public static final String PROP_HASH_ALGO = "os_hash_algo";
    public static final String PROP_HASH_VALUE = "os_hash_value";
    /** An upload in progress ({@code saving}): the replica that reads it and when it began (crash recovery). */
    public static final String PROP_UPLOAD_REPLICA = "vcluster_upload_replica";
    public static final String PROP_UPLOAD_STARTED = "vcluster_upload_started_at";
    /**
     * Glance's status of a deleted image whose data is still being deleted: the facade deletes the archive itself
     * ({@code ArchiveDeletions}) and then the record. Hidden from lists; admins still find it by id.
     */
    public static final String STATUS_PENDING_DELETE = "pending_delete";
    /**
     * The properties the facade writes and relies on: where a snapshot's archive is and which server's vcluster
     * deletes it, what a snapshot restores (chart, Kubernetes version, distro), and the reconciler's notes. Neither a
     * createImage's metadata (its keys are ignored) nor Glance's PATCH (403) changes them.
     */
    public static final java.util.Set<String> MANAGED_PROPERTIES = java.util.Set.of(PROP_CHART_VERSION,
            PROP_KUBERNETES_VERSION, PROP_DISTRO, PROP_INSTANCE_UUID, PROP_BACKUP_TYPE, PROP_SNAPSHOT_URL,
            PROP_SNAPSHOT_ERROR, PROP_DELETE_ERROR, PROP_DELETE_ATTEMPTS, PROP_CHECKSUM, PROP_HASH_ALGO,
            PROP_HASH_VALUE, PROP_UPLOAD_REPLICA, PROP_UPLOAD_STARTED);

    private CatalogRecords() {
    }

    public static FlavorRecord flavorRecord(FlavorData flavor, String namespace) {
        FlavorRecord record = new FlavorRecord();
        record.getMetadata().setName(Records.flavorName(flavor.id()));
        record.getMetadata().setNamespace(namespace);
        FlavorRecordSpec spec = record.getSpec();
        spec.setId(flavor.id());
        spec.setName(flavor.name());
        spec.setVcpus(flavor.vcpus());
        spec.setRamMb(flavor.ramMb());
        spec.setDiskGb(flavor.diskGb());
        spec.setEphemeralGb(flavor.ephemeralGb());
        spec.setSwapMb(flavor.swapMb());
        spec.setRxtxFactor(flavor.rxtxFactor());
        spec.setIsPublic(flavor.isPublic());
        spec.setDisabled(flavor.disabled());
        spec.setDescription(flavor.description().orElse(null));
        spec.setExtraSpecs(new LinkedHashMap<>(flavor.extraSpecs()));
        return record;
    }

    public static FlavorData flavorData(FlavorRecord record) {
        FlavorRecordSpec spec = record.getSpec();
        return new FlavorData(spec.getId(), spec.getName(), spec.getVcpus(), spec.getRamMb(), spec.getDiskGb(),
                spec.getEphemeralGb(), spec.getSwapMb(), spec.getRxtxFactor(), spec.isIsPublic(), spec.isDisabled(),
                Optional.ofNullable(spec.getDescription()), orEmpty(spec.getExtraSpecs()));
    }

    /**
     * A base image of the default catalog: public, active, owned by no project. Its "disk" is a chart, not a disk
     * image, so size is 0 and the formats are Glance's neutral {@code raw}/{@code bare}.
     */
    public static ImageRecord baseImageRecord(DefaultCatalog.BaseImage image, String namespace, String now) {
        ImageRecord record = new ImageRecord();
        record.getMetadata().setName(Records.imageName(image.id()));
        record.getMetadata().setNamespace(namespace);
        ImageRecordSpec spec = record.getSpec();
        spec.setId(image.id());
        spec.setName(image.name());
        spec.setStatus("active");
        spec.setVisibility("public");
        spec.setOwner("");
        spec.setDiskFormat("raw");
        spec.setContainerFormat("bare");
        spec.setCreatedAt(now);
        spec.setUpdatedAt(now);
        spec.setChartVersion(image.spec().chartVersion());
        spec.setKubernetesVersion(image.spec().kubernetesVersion());
        spec.setDistro(image.spec().distro());
        spec.setProperties(new LinkedHashMap<>(Map.of(
                PROP_CHART_VERSION, image.spec().chartVersion(),
                PROP_KUBERNETES_VERSION, image.spec().kubernetesVersion(),
                PROP_DISTRO, image.spec().distro())));
        spec.setTags(new ArrayList<>());
        return record;
    }

    /**
     * A snapshot image as createImage records it: private to the server's project, {@code queued} until vcluster
     * starts the backup, with Nova's snapshot properties ({@code image_type=snapshot}, {@code instance_uuid},
     * {@code base_image_ref}) and what it restores (chart and Kubernetes version, distro, archive URL). Its
     * min_disk is the flavor's disk, as Nova sets it.
     */
    public static ImageRecord snapshotImageRecord(SnapshotIntent intent, ServerSpec server, String namespace,
                                                  String now) {
        ImageRecord record = new ImageRecord();
        record.getMetadata().setName(Records.imageName(intent.imageId()));
        record.getMetadata().setNamespace(namespace);
        ImageRecordSpec spec = record.getSpec();
        spec.setId(intent.imageId());
        spec.setName(intent.imageName());
        spec.setStatus("queued");
        spec.setVisibility("private");
        spec.setOwner(server.getProjectId());
        spec.setDiskFormat("raw");
        spec.setContainerFormat("bare");
        spec.setMinDiskGb(server.getFlavor() == null ? 0 : server.getFlavor().diskGb());
        spec.setCreatedAt(now);
        spec.setUpdatedAt(now);
        spec.setChartVersion(server.getImage().chartVersion());
        spec.setKubernetesVersion(server.getImage().kubernetesVersion());
        spec.setDistro(server.getImage().distro());
        spec.setProperties(new LinkedHashMap<>(intent.properties()));
        spec.setTags(new ArrayList<>());
        return record;
    }

    /**
     * The properties of a new snapshot, as Nova makes them: its defaults ({@code image_type=snapshot},
     * {@code base_image_ref}), then the request's metadata, which wins over them; then the facade's own
     * ({@link #MANAGED_PROPERTIES}), which the metadata cannot set: a key of theirs in it is ignored. A backup is
     * {@code image_type=backup} with its {@code backup_type}, as Nova marks it, whatever the metadata says: its
     * rotation finds the server's backups by these two.
     */
    public static Map<String, String> snapshotProperties(Map<String, String> metadata, String serverId,
                                                         ServerSpec server, String url,
                                                         Optional<SnapshotIntent.Backup> backup) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PROP_IMAGE_TYPE, IMAGE_TYPE_SNAPSHOT);
        properties.put(PROP_BASE_IMAGE, server.getImageId() == null ? "" : server.getImageId());
        metadata.forEach((key, value) -> {
            if (!MANAGED_PROPERTIES.contains(key)) {
                properties.put(key, value);
            }
        });
        backup.ifPresent(b -> {
            properties.put(PROP_IMAGE_TYPE, IMAGE_TYPE_BACKUP);
            properties.put(PROP_BACKUP_TYPE, b.backupType());
        });
        properties.put(PROP_INSTANCE_UUID, serverId);
        properties.put(PROP_CHART_VERSION, server.getImage().chartVersion());
        properties.put(PROP_KUBERNETES_VERSION, server.getImage().kubernetesVersion());
        properties.put(PROP_DISTRO, server.getImage().distro());
        properties.put(PROP_SNAPSHOT_URL, url);
        return properties;
    }

    /**
     * The archive of a snapshot or backup image (what a rebuild restores, a clone starts from); empty for a base
     * image. A snapshot is known by its archive, which only the facade writes, not by {@code image_type}, which the
     * client may have set to anything.
     */
    public static Optional<String> snapshotArchive(ImageRecord image) {
        return snapshotArchive(image.getSpec());
    }

    /** {@link #snapshotArchive(ImageRecord)} of an image's spec. */
    public static Optional<String> snapshotArchive(ImageRecordSpec image) {
        return Optional.ofNullable(image.getProperties()).map(p -> p.get(PROP_SNAPSHOT_URL));
    }

    public static ImageData imageData(ImageRecord record) {
        ImageRecordSpec spec = record.getSpec();
        return new ImageData(spec.getId(), spec.getName(), spec.getStatus(), spec.getVisibility(),
                spec.getOwner() == null ? "" : spec.getOwner(), spec.getMinDiskGb(), spec.getMinRamMb(),
                spec.getSizeBytes(), spec.getDiskFormat(), spec.getContainerFormat(), spec.isIsProtected(),
                instant(spec.getCreatedAt()), instant(spec.getUpdatedAt()),
                spec.getTags() == null ? List.of() : spec.getTags(), orEmpty(spec.getProperties()));
    }

    private static Instant instant(String text) {
        return text == null ? Instant.EPOCH : Instant.parse(text);
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
