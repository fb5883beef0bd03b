package io.openvcluster.server.kube.records;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Read-your-writes on top of an informer cache. After a successful write the object the API server returned is
 * kept here and preferred to the cached one until the informer has caught up (same or newer resourceVersion), so
 * that a client's GET right after its POST never sees 404 or stale data. Objects we deleted are hidden until the
 * informer sees the deletion. The overlay holds only the few objects written in the last moments.
 */
final class ReadYourWrites<T extends HasMetadata> {
    private final Map<String, T> written = new ConcurrentHashMap<>();
    /** name -> uid of an object we deleted, until the informer reports the deletion. */
    private final Map<String, String> deleted = new ConcurrentHashMap<>();

    /** A create's answer. */
    void created(T object) {
        String name = object.getMetadata().getName();
        deleted.remove(name);
        written.merge(name, object, (old, now) -> isNewer(old, now) ? old : now);
    }

    /**
     * An update's answer, unless the object is gone: we deleted it, or neither this overlay nor the cache (read after
     * it) holds its uid any more. An update needs the object, which its caller read from here; known to neither, it
     * was deleted since and the informer has reported the deletion, so this answer, which came back after that (a
     * slow response), is older than the deletion. Kept, it would be shown for ever: an entry is let go only for a
     * version as new in the cache, or on the informer's report of the deletion, which is past. (The one update whose
     * object may come from the API instead, a quota another replica created a moment ago, then shows once the
     * informer has it.) One atomic step on the name's entry, so that {@link #informerDeleted} cannot let it go
     * between the check and the write.
     */
    void written(T object, Supplier<T> cache) {
        String name = object.getMetadata().getName();
        String uid = String.valueOf(object.getMetadata().getUid());
        written.compute(name, (n, mine) -> {
            if (mine != null) {
                // an entry of another uid is a newer object of the same name, created after this one was deleted
                return sameUid(mine, object) && !isNewer(mine, object) ? object : mine;
            }
            if (uid.equals(deleted.get(name))) {
                return null;
            }
            T cached = cache.get();
            return cached != null && sameUid(cached, object) ? object : null;
        });
    }

    void deleted(T object) {
        String name = object.getMetadata().getName();
        written.remove(name);
        deleted.put(name, String.valueOf(object.getMetadata().getUid()));
    }

    /** The informer saw the object go: nothing to hide or prefer any more. */
    void informerDeleted(T object) {
        String name = object.getMetadata().getName();
        written.computeIfPresent(name, (n, w) -> sameUid(w, object) ? null : w);
        deleted.remove(name);
    }

    /**
     * The object as the cache holds it, or as we wrote it when that is newer. The overlay is read before the cache:
     * an entry is let go only by a read whose cache already held a version as new, so an entry gone from this
     * overlay read is in the cache read after it. Read the other way round, a cache read just before the informer
     * had a write and an overlay read just after another request let the entry go would both miss the write.
     */
    Optional<T> resolve(String name, Supplier<T> cache) {
        T mine = written.get(name);
        return resolve(name, mine, cache.get());
    }

    /** {@code mine}: the overlay's entry, read before {@code cached} was. */
    private Optional<T> resolve(String name, T mine, T cached) {
        T current = cached;
        if (mine != null) {
            if (cached != null && !isNewer(mine, cached)) {
                written.remove(name, mine);
            } else {
                current = mine;
            }
        }
        return Optional.ofNullable(current).filter(this::notDeleted);
    }

    private boolean notDeleted(T object) {
        return !String.valueOf(object.getMetadata().getUid()).equals(deleted.get(object.getMetadata().getName()));
    }

    /**
     * The cached objects (read from {@code cache} once) that pass {@code filter}, with our recent writes and deletions
     * applied, in the cache's order and then the written objects the cache does not have yet; each object once. Runs
     * for every list and quota check, over every server of a project: only the names also in the (small) overlay are
     * remembered.
     */
    List<T> merge(Supplier<List<T>> cache, Predicate<T> filter) {
        // The overlay as the list begins, read by both loops: a write recorded while the cache is walked, to an
        // object already passed, would otherwise list that object twice (once from the cache, once from the
        // overlay). Such a write shows from the next list on. The cache is read after this copy, and each cached
        // object is compared with the copy's entry, not the live one: an entry the overlay let go before the copy
        // (the informer had caught up) is then in the cache, and one it lets go after (another request saw the
        // caught-up informer) is still in the copy, even when this cache read was older.
        Map<String, T> writtenBefore = Map.copyOf(written);
        List<T> cached = cache.get();
        List<T> result = new ArrayList<>(cached.size() + writtenBefore.size());
        Set<String> cachedAndWritten = new HashSet<>();
        for (T object : cached) {
            String name = object.getMetadata().getName();
            if (writtenBefore.containsKey(name)) {
                cachedAndWritten.add(name);
            }
            resolve(name, writtenBefore.get(name), object).filter(filter).ifPresent(result::add);
        }
        writtenBefore.forEach((name, copy) -> {
            if (!cachedAndWritten.contains(name)) {
                // the overlay's entry if still there (it may be newer); else the copy: the informer caught up after
                // the cache was listed, and a request in between let the entry go
                Optional.of(written.getOrDefault(name, copy)).filter(this::notDeleted).filter(filter)
                        .ifPresent(result::add);
            }
        });
        return result;
    }

    /**
     * True when {@code a} is strictly newer than {@code b}. Kubernetes calls resourceVersions opaque, but every API
     * server we target (etcd's global revision, the CRUD mock's counter) issues increasing numbers across all objects.
     */
    static boolean isNewer(HasMetadata a, HasMetadata b) {
        try {
            return Long.parseLong(a.getMetadata().getResourceVersion()) > Long.parseLong(b.getMetadata().getResourceVersion());
        } catch (NumberFormatException e) {
            return !a.getMetadata().getResourceVersion().equals(b.getMetadata().getResourceVersion());
        }
    }

    private static boolean sameUid(HasMetadata a, HasMetadata b) {
        return String.valueOf(a.getMetadata().getUid()).equals(String.valueOf(b.getMetadata().getUid()));
    }
}
