package io.openvcluster.server.kube.snapshot;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Where vcluster writes snapshot archives (setting {@code OVC_SNAPSHOT_STORE}), and the Secret in the facade's
 * namespace whose keys are the store's credentials ({@code OVC_SNAPSHOT_CREDENTIALS}: e.g. {@code access-key-id},
 * {@code secret-access-key}, {@code region}, {@code url} for s3; {@code username}, {@code password} for oci). Each
 * image gets its own object under the base:
 * <ul>
 *   <li>{@code container:///data/snapshots} → {@code container:///data/snapshots/<image-id>.tar.gz}: a file on the
 *       vcluster's own data volume (the default on a real cluster; the archive lives and dies with that server's
 *       PVC, so it is restored into that server only);</li>
 *   <li>{@code s3://bucket/prefix} → {@code s3://bucket/prefix/<image-id>.tar.gz};</li>
 *   <li>{@code oci://registry/repository} → {@code oci://registry/repository:<image-id>}.</li>
 * </ul>
 */
public record SnapshotStore(String base, Optional<String> credentialsSecret) {
    /** The default on a real cluster: no store to configure, but no clones (docs/images.md). */
    public static final String CONTAINER_DEFAULT = "container:///data/snapshots";
    /**
     * The sandbox's default: an s3 URL served by the host simulator's in-memory store (no S3 is contacted: nothing
     * in the sandbox leaves the process), so that clones work there as they do with a real s3 store.
     */
    public static final String SANDBOX_DEFAULT = "s3://sandbox-snapshots/images";
    private static final Set<String> SCHEMES = Set.of("container", "s3", "oci");

    public SnapshotStore {
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String scheme = scheme(base);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("OVC_SNAPSHOT_STORE must be an oci://, s3:// or container:// URL, not "
                    + base);
        }
        // vcluster's container store writes inside the vcluster pod: only its data volume outlives the pod
        if (scheme.equals("container") && !URI.create(base).getPath().startsWith("/data/")) {
            throw new IllegalArgumentException("a container:// snapshot store must be under /data/ (the vcluster's "
                    + "data volume), not " + base);
        }
    }

    public static SnapshotStore containerDefault() {
        return new SnapshotStore(CONTAINER_DEFAULT, Optional.empty());
    }

    /** The archive's URL for one image. */
    public String url(String imageId) {
        return switch (type()) {
            case "oci" -> base + ":" + imageId;
            default -> base + "/" + imageId + ".tar.gz";
        };
    }

    /** vcluster's storage type: the URL's scheme. */
    public String type() {
        return scheme(base);
    }

    static String scheme(String url) {
        int colon = url.indexOf("://");
        return colon < 0 ? "" : url.substring(0, colon);
    }
}
