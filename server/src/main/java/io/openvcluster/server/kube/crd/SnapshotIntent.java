package io.openvcluster.server.kube.crd;

import java.util.Map;
import java.util.Optional;

/**
 * A {@code createImage} or {@code createBackup} accepted for a server (spec {@code snapshot}), written together with
 * its {@link ActionRequest}: everything the reconciler needs to create the image record (if the facade stopped before
 * it did) and vcluster's snapshot request, so the snapshot survives a facade restart at any point.
 *
 * @param imageId     the Glance id of the new image
 * @param imageName   the image's name
 * @param properties  the image's properties: the request's metadata and the snapshot properties
 * @param url         where vcluster writes the archive (oci://, s3:// or container://)
 * @param requestName the name of the snapshot request Secret and ConfigMap in the host namespace
 * @param backup      a createBackup's type and rotation; null for a createImage (see {@link #rotation()})
 */
public record SnapshotIntent(String imageId, String imageName, Map<String, String> properties, String url,
                             String requestName, Backup backup) {

    /** A createBackup's rotation, once its image is active: keep this server's newest {@code keep} of the type. */
    public record Backup(String backupType, int keep) {
    }

    /** The rotation of a createBackup; empty for a createImage. */
    public Optional<Backup> rotation() {
        return Optional.ofNullable(backup);
    }
}
