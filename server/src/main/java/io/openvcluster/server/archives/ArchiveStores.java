package io.openvcluster.server.archives;

import java.util.Map;
import java.util.Optional;

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

    /**
     * Writes a file the facade itself makes (a crash-dump bundle) to the store. Only an s3 store takes one: an oci
     * registry holds images, and a {@code container://} store is inside a vcluster.
     */
    public void put(String url, byte[] content, Map<String, String> credentials) {
        requireS3(url).put(url, content, credentials);
    }

    /** A file written by {@link #put}, or empty when there is none at {@code url}. */
    public Optional<byte[]> get(String url, Map<String, String> credentials) {
        return requireS3(url).get(url, credentials);
    }

    private S3ArchiveStore requireS3(String url) {
        if (!url.startsWith("s3://")) {
            throw new ArchiveStoreException("only an s3 store takes the facade's own files, not " + url);
        }
        return s3;
    }

    @Override
    public void close() {
        s3.close();
    }
}
