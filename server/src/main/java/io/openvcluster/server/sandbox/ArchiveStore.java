package io.openvcluster.server.sandbox;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated snapshot store, in memory: the archives vcluster's snapshot controller and snapshot pods have written
 * ({@link SnapshotController}, {@link SnapshotPodKubelet}), by URL. Restores read it, delete requests and the sandbox's
 * S3 endpoint delete from it.
 */
final class ArchiveStore {
    /** Archive URL → the name of the request or pod that wrote it. */
    private final Map<String, String> archives = new ConcurrentHashMap<>();

    void put(String url, String writer) {
        archives.put(url, writer);
    }

    boolean contains(String url) {
        return archives.containsKey(url);
    }

    /** @return true when the archive was there */
    boolean remove(String url) {
        return archives.remove(url) != null;
    }

    Set<String> urls() {
        return Set.copyOf(archives.keySet());
    }
}
