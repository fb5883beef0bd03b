package io.openvcluster.server.archives;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * A snapshot store as the facade itself reaches it, for the jobs no vcluster does: deleting the archive of a
 * snapshot image whose source server is gone (vcluster's own delete request needs that vcluster running), and storing
 * and reading the archives clients upload and download through Glance.
 */
public interface ArchiveStore {
    /**
     * Deletes one archive. An archive that is already missing counts as deleted.
     *
     * @param url         the archive, as the image records it ({@code s3://bucket/key}, {@code oci://registry/repo:tag})
     * @param credentials the store's credentials Secret, decoded, with vcluster's option names
     * @throws ArchiveStoreException when the store cannot be reached or refuses the delete
     */
    void delete(String url, Map<String, String> credentials);

    /**
     * Stores one archive from a file, whole or not at all (a store object appears only once complete).
     *
     * @throws UnsupportedOperationException for a store the facade cannot write to
     * @throws ArchiveStoreException         when the store cannot be reached or refuses the write
     */
    void put(String url, Path file, long size, Map<String, String> credentials);

    /**
     * Opens one archive for reading, streamed from the store; the caller closes it.
     *
     * @throws UnsupportedOperationException for a store the facade cannot read
     * @throws ArchiveStoreException         when the store cannot be reached, refuses, or has no such archive
     */
    Download get(String url, Map<String, String> credentials);

    /** An archive being read: its bytes and their number. */
    record Download(InputStream content, long size) implements AutoCloseable {
        @Override
        public void close() {
            try {
                content.close();
            } catch (java.io.IOException e) {
                // the read is over either way
            }
        }
    }
}
