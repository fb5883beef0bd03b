package io.openvcluster.server.archives;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The facade's store client for every scheme {@code OVC_SNAPSHOT_STORE} allows, chosen by the archive's URL. A
 * {@code container://} archive is a file on its server's data volume, deleted with that volume: nothing to do, and
 * nothing the facade can write or read.
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
     * A file the facade itself wrote with {@link #put} (a crash-dump bundle), streamed, or empty when there is none at
     * {@code url}. Only an s3 store holds the facade's own files: an oci registry holds images, and a
     * {@code container://} store is inside a vcluster.
     */
    public Optional<Download> find(String url, Map<String, String> credentials) {
        return requireS3(url).find(url, credentials);
    }

    private S3ArchiveStore requireS3(String url) {
        if (!url.startsWith("s3://")) {
            throw new ArchiveStoreException("only an s3 store takes the facade's own files, not " + url);
        }
        return s3;
    }

    @Override
    public void put(String url, Path file, long size, Map<String, String> credentials) {
        if (url.startsWith("s3://")) {
            s3.put(url, file, size, credentials);
        } else if (url.startsWith("oci://")) {
            oci.put(url, file, size, credentials);
        } else {
            throw new UnsupportedOperationException(unsupported(url, "store"));
        }
    }

    @Override
    public Download get(String url, Map<String, String> credentials) {
        if (url.startsWith("s3://")) {
            return s3.get(url, credentials);
        }
        if (url.startsWith("oci://")) {
            return oci.get(url, credentials);
        }
        throw new UnsupportedOperationException(unsupported(url, "read"));
    }

    private static String unsupported(String url, String verb) {
        return url.startsWith("container://")
                ? "the archive " + url + " is a file on its server's own volume, which the facade cannot " + verb
                : "the facade does not " + verb + " archives of " + url.substring(0, Math.max(0, url.indexOf(':')))
                + " stores";
    }

    @Override
    public void close() {
        s3.close();
    }
}
