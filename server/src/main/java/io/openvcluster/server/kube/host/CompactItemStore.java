package io.openvcluster.server.kube.host;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An informer store that keeps, for each host object, only the record of what its readers derive from it ({@link
 * HostObjects}), made at {@link #put} (once per watch event); the facade reads those records by key ({@link
 * #cached}), never a model object. fabric8's informer still deals in model objects: for the few it asks this store
 * for (the old state of an update, a deleted object, the objects a relist compares) it gets a skeleton with the
 * object's name, namespace and resourceVersion (and whatever {@code skeleton} adds), made on that event; its event
 * handlers read no more than that ({@link HostCache#onChange}).
 *
 * @param <T> the model type the informer lists and watches
 * @param <C> what is kept of each object
 */
final class CompactItemStore<T extends HasMetadata, C extends HostObjects.Cached> implements ItemStore<T> {
    private final Map<String, C> cached = new ConcurrentHashMap<>();
    private final Function<T, C> compact;
    private final BiFunction<ObjectMeta, C, T> skeleton;

    /**
     * @param compact  what is kept of an object
     * @param skeleton a model object named by the given metadata, for the informer's own use
     */
    CompactItemStore(Function<T, C> compact, BiFunction<ObjectMeta, C, T> skeleton) {
        this.compact = compact;
        this.skeleton = skeleton;
    }

    /** What is kept of the object of that key ({@code namespace/name}, or the name of a cluster-scoped object). */
    Optional<C> cached(String key) {
        return Optional.ofNullable(cached.get(key));
    }

    @Override
    public String getKey(T object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public T put(String key, T object) {
        return skeleton(key, cached.put(key, compact.apply(object)));
    }

    @Override
    public T remove(String key) {
        return skeleton(key, cached.remove(key));
    }

    @Override
    public Stream<String> keySet() {
        return cached.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return cached.entrySet().stream().map(e -> skeleton(e.getKey(), e.getValue()));
    }

    @Override
    public int size() {
        return cached.size();
    }

    @Override
    public T get(String key) {
        return skeleton(key, cached.get(key));
    }

    /** The skeleton of the object kept under {@code key}; null (as fabric8 expects) when there is none. */
    private T skeleton(String key, C kept) {
        if (kept == null) {
            return null;
        }
        ObjectMeta meta = new ObjectMeta();
        int slash = key.indexOf('/');
        if (slash < 0) {
            meta.setName(key);
        } else {
            meta.setNamespace(key.substring(0, slash));
            meta.setName(key.substring(slash + 1));
        }
        meta.setResourceVersion(kept.resourceVersion());
        return skeleton.apply(meta, kept);
    }
}
