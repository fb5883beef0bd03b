package io.openvcluster.server.kube.crd;

/**
 * A rebuild from a snapshot image, or a clone (spec {@code restore}), written with the verb's intent: the reconciler
 * restores the archive into the server with vcluster's restore flow, and knows the restore of this request by the
 * restore pod named after {@code requestId}.
 *
 * @param requestId the rebuild's request id
 * @param imageId   the snapshot image
 * @param url       the snapshot archive (oci://, s3:// or container://)
 * @param newVcluster true for a clone ({@code POST /servers} with a snapshot image): the restore runs before the
 *                  vcluster's first start, with {@code --new-vcluster}, and {@code requestId} is the create's
 */
public record RestoreIntent(String requestId, String imageId, String url, boolean newVcluster) {
}
