package io.openvcluster.server.archives;

import java.util.Map;

/**
 * A snapshot store as the facade itself reaches it, for the one job no vcluster is left to do: deleting the archive
 * of a snapshot image whose source server is gone (vcluster's own delete request needs that vcluster running).
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
}
