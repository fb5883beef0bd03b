package io.openvcluster.server.compute;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.records.RecordStore;
import java.net.HttpURLConnection;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Optimistic-concurrency writes of records. A change is applied to a copy of the current record and written
 * with its resourceVersion; if another writer got there first (409), the record is read again from the API and
 * the change re-applied — its guards run again, so a change that is no longer valid fails with the guard's error
 * — up to {@link #ATTEMPTS} times, then 409 to the client.
 */
final class RecordWriter {
    static final int ATTEMPTS = 3;

    private final KubernetesClient client;
    private final RecordStore store;

    RecordWriter(KubernetesClient client, RecordStore store) {
        this.client = client;
        this.store = store;
    }

    /**
     * @param cached the record as the cache has it (first attempt)
     * @param change mutates the copy; throws {@link ApiException} when the change is refused
     * @param status true to write the status subresource, false for the main resource (spec, labels)
     */
    <T extends CustomResource<?, ?>> T update(Class<T> type, Supplier<Optional<T>> cached, Consumer<T> change,
                                           boolean status, Supplier<ApiException> notFound) {
        T current = cached.get().orElseThrow(notFound);
        for (int attempt = 1; ; attempt++) {
            T copy = Records.copy(current);
            change.accept(copy);
            try {
                var resource = client.resources(type).inNamespace(store.namespace()).resource(copy);
                return store.written(status ? resource.updateStatus() : resource.update());
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    throw notFound.get();
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw unavailable(e);
                }
                if (attempt == ATTEMPTS) {
                    throw ApiException.conflict("The resource was changed by another request at the same time; "
                            + "please retry.");
                }
                current = reread(type, current.getMetadata().getName()).orElseThrow(notFound);
            }
        }
    }

    /** The record as the API server has it now; a failing API is the client's 503, as for the write itself. */
    private <T extends CustomResource<?, ?>> Optional<T> reread(Class<T> type, String name) {
        try {
            return Optional.ofNullable(client.resources(type).inNamespace(store.namespace()).withName(name).get());
        } catch (KubernetesClientException e) {
            throw unavailable(e);
        }
    }

    /** Deletes a record; reads stop showing it at once. A failing API is the client's 503. */
    <T extends CustomResource<?, ?>> void delete(Class<T> type, T record) {
        try {
            client.resources(type).inNamespace(store.namespace()).withName(record.getMetadata().getName()).delete();
        } catch (KubernetesClientException e) {
            throw unavailable(e);
        }
        store.deleted(record);
    }

    static ApiException unavailable(KubernetesClientException e) {
        return ApiException.unavailable("The host cluster did not accept the change: " + e.getMessage());
    }
}
