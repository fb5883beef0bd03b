package io.openvcluster.server.archives;

import java.util.Map;

/**
 * The facade's store client for every scheme {@code OVC_SNAPSHOT_STORE} allows, chosen by the archive's URL. A
 * {@code container://} archive is a file on its server's data volume, deleted with that volume: nothing to do.
 */
public final class ArchiveStores implements ArchiveStore, AutoCloseable {
    private final S3ArchiveStore s3 = new S3ArchiveStore();
    private final OciArchiveStore oci = new OciArchiveStore();

    @Override
    public void delete(String url, Map<String, String> credentials) {
        if (url.startsWith("s3://")) {
            s3.delete(url, credentials);
        } else if (url.startsWith("oci://")) {
            oci.delete(url, credentials);
        } else if (!url.startsWith("container://")) {
            throw new ArchiveStoreException("no store client for " + url);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
