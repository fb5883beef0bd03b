package io.openvcluster.server.kube.crd;

/**
 * A rebuild from a snapshot image (spec {@code restore}), written with its {@link ActionRequest}: the reconciler
 * restores the archive into the server with vcluster's restore flow, and knows the restore of this request by the
 * restore pod named after {@code requestId}.
 *
 * @param requestId the rebuild's request id
 * @param imageId   the snapshot image
 * @param url       the snapshot archive (oci://, s3:// or container://)
 */
public record RestoreIntent(String requestId, String imageId, String url) {
}
