package io.openvcluster.server.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.stream.Stream;

/**
 * An informer store that keeps only what the facade reads of a host object, so that memory grows modestly with
 * servers (each vcluster puts a namespace, a StatefulSet, pods, Services and Secrets in the host cache):
 * <ul>
 *   <li>every object loses {@code metadata.managedFields} (server-side apply bookkeeping, often the largest part of
 *       the metadata; nothing here reads it);</li>
 *   <li>a Secret loses its {@code data}: the cache only tells whether the kubeconfig Secret exists, and the one place
 *       that needs the kubeconfig (the console download) reads the Secret live;</li>
 *   <li>a Pod loses its {@code spec}: pods are observed through their metadata (deletion, annotations, uid) and
 *       status (phase, conditions, container states).</li>
 * </ul>
 * StatefulSets keep their spec (a snapshot pod is made from the control plane's pod template) and ConfigMaps their
 * data (a snapshot request's status is in it).
 */
final class TrimmedItemStore<T extends HasMetadata> implements ItemStore<T> {
    private final BasicItemStore<T> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

    static <T extends HasMetadata> T trim(T object) {
        object.getMetadata().setManagedFields(null);
        if (object instanceof Secret secret) {
            secret.setData(null);
            secret.setStringData(null);
        } else if (object instanceof Pod pod) {
            pod.setSpec(null);
        }
        return object;
    }

    @Override
    public String getKey(T object) {
        return store.getKey(object);
    }

    @Override
    public T put(String key, T object) {
        return store.put(key, trim(object));
    }

    @Override
    public T remove(String key) {
        return store.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return store.keySet();
    }

    @Override
    public Stream<T> values() {
        return store.values();
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public T get(String key) {
        return store.get(key);
    }
}
