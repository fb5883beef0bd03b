package io.openvcluster.server.kube.crd;

import java.util.Optional;

/**
 * A rebuild from a base image without {@code preserve_ephemeral} (spec {@code reimage}), Nova's reimage: the vcluster's
 * state is wiped and the image's version installed fresh in the same namespace. Until the wipe is done (the status's
 * {@code wipedRequestId} names this request) the version rendered stays {@code previous}: a control plane never starts
 * on the new version over the old data, which may be of a newer Kubernetes.
 *
 * @param requestId the rebuild's request id
 * @param previous  the version the vcluster ran when the rebuild was accepted
 */
public record ReimageIntent(String requestId, ImageSnapshot previous) {

    /** The version the reconciler renders: the previous one while this record's reimage has not wiped the store yet. */
    public static ImageSnapshot rendered(ServerRecord record) {
        return unwiped(record).map(ReimageIntent::previous).orElse(record.getSpec().getImage());
    }

    /** The record's reimage, while its wipe is not done. */
    public static Optional<ReimageIntent> unwiped(ServerRecord record) {
        ReimageIntent reimage = record.getSpec().getReimage();
        String wiped = record.getStatus() == null ? null : record.getStatus().getWipedRequestId();
        return reimage == null || reimage.requestId().equals(wiped) ? Optional.empty() : Optional.of(reimage);
    }
}
