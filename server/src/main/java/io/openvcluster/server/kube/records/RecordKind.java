package io.openvcluster.server.kube.records;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The records of one kind, as {@link RecordStore} reads them: the informer's cache, merged with this replica's own
 * writes that the cache may not hold yet ({@link ReadYourWrites}), and at most one index (by project or by user).
 */
final class RecordKind<T extends HasMetadata> implements AutoCloseable {
    private static final String INDEX = "by";

    private final String namespace;
    private final SharedIndexInformer<T> informer;
    private final ReadYourWrites<T> writes = new ReadYourWrites<>();
    private final Optional<Function<T, String>> indexed;

    private RecordKind(String namespace, SharedIndexInformer<T> informer, Optional<Function<T, String>> indexed) {
        this.namespace = namespace;
        this.informer = informer;
        this.indexed = indexed;
        indexed.ifPresent(by -> informer.addIndexers(Map.of(INDEX, r -> List.of(String.valueOf(by.apply(r))))));
        informer.addEventHandler(onDelete(writes::informerDeleted));
    }

    /** An unstarted informer over the records of {@code type} in the facade's namespace. */
    static <T extends HasMetadata> RecordKind<T> of(KubernetesClient client, String namespace, Class<T> type) {
        return new RecordKind<>(namespace, client.resources(type).inNamespace(namespace).runnableInformer(0),
                Optional.empty());
    }

    /** As {@link #of}, indexed by {@code by} (a project or user id) for {@link #byIndex}. */
    static <T extends HasMetadata> RecordKind<T> indexed(KubernetesClient client, String namespace, Class<T> type,
                                                         Function<T, String> by) {
        return new RecordKind<>(namespace, client.resources(type).inNamespace(namespace).runnableInformer(0),
                Optional.of(by));
    }

    SharedIndexInformer<T> informer() {
        return informer;
    }

    /** The record of that name, if it exists and was not deleted by this replica. */
    Optional<T> named(String name) {
        return writes.resolve(name, () -> informer.getStore().getByKey(key(name)));
    }

    /** The records whose index value is {@code value}. */
    List<T> byIndex(String value) {
        Function<T, String> by = indexed.orElseThrow(() -> new IllegalStateException("not an indexed kind"));
        return writes.merge(() -> informer.getIndexer().byIndex(INDEX, value), r -> value.equals(by.apply(r)));
    }

    List<T> all() {
        return writes.merge(() -> informer.getStore().list(), r -> true);
    }

    void created(T object) {
        writes.created(object);
    }

    void written(T object) {
        writes.written(object, () -> informer.getStore().getByKey(key(object.getMetadata().getName())));
    }

    void deleted(T object) {
        writes.deleted(object);
    }

    boolean synced() {
        return informer.hasSynced();
    }

    boolean watching() {
        return informer.isWatching();
    }

    void onEvents(ResourceEventHandler<T> handler) {
        informer.addEventHandler(handler);
    }

    /** Whether the object is one of this kind's records. */
    boolean holds(HasMetadata object) {
        return informer.getApiTypeClass().isInstance(object);
    }

    @Override
    public void close() {
        informer.close();
    }

    private String key(String name) {
        return namespace + "/" + name;
    }

    static <T> ResourceEventHandler<T> onDelete(Consumer<T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                action.accept(obj);
            }
        };
    }
}
