package io.openvcluster.server.kube.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.impl.BaseClient;
import io.fabric8.kubernetes.client.impl.KubernetesClientImpl;
import io.openvcluster.server.observe.FacadeMeters;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * fabric8's HTTP client with each call's time added to the calling request's {@link KubeWaits} and to the
 * {@code ovc.kube.calls} meter. A blocking fabric8
 * operation (get, create, update) sends from the caller's thread and waits on the future returned here; the time is
 * added in a stage of that future, so it is counted before the caller goes on (an interceptor's hooks run on the
 * client's threads, unordered with the caller's wake-up, and see each retry apart). Clients derived with
 * {@link #newBuilder()} (fabric8 derives them for watches) are not timed: no request waits on a watch.
 */
public final class TimedHttpClient implements HttpClient {
    private final HttpClient delegate;

    private TimedHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    /**
     * A client that shares {@code client}'s HTTP client, configuration and serialisation and times the calls made
     * through it. Closing it leaves the shared HTTP client to {@code client}, its owner.
     */
    public static KubernetesClient instrument(KubernetesClient client) {
        return new KubernetesClientImpl(new TimedHttpClient(client.getHttpClient()), client.getConfiguration(),
                BaseClient.DEFAULT_EXECUTOR_SUPPLIER, client.getKubernetesSerialization());
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, Class<T> type) {
        return timed(request, () -> delegate.sendAsync(request, type));
    }

    @Override
    public CompletableFuture<HttpResponse<AsyncBody>> consumeBytes(HttpRequest request,
                                                                  AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        // a streamed body: the time to its headers (fabric8 reads logs and watches this way)
        return timed(request, () -> delegate.consumeBytes(request, consumer));
    }

    private static <T extends HttpResponse<?>> CompletableFuture<T> timed(HttpRequest request,
                                                                       Supplier<CompletableFuture<T>> call) {
        KubeWaits waits = KubeWaits.current();
        long started = System.nanoTime();
        return call.get().whenComplete((response, failure) -> {
            long elapsed = System.nanoTime() - started;
            if (waits != null) {
                waits.add(elapsed);
            }
            FacadeMeters.kubeCall(request.method(),
                    response == null ? "error" : FacadeMeters.statusClass(response.code()), elapsed);
        });
    }

    @Override
    public DerivedClientBuilder newBuilder() {
        return delegate.newBuilder();
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return delegate.newWebSocketBuilder();
    }

    @Override
    public HttpRequest.Builder newHttpRequestBuilder() {
        return delegate.newHttpRequestBuilder();
    }

    @Override
    public boolean isClosed() {
        return delegate.isClosed();
    }

    @Override
    public void close() {
        // the shared HTTP client belongs to the client it came from, which closes it
    }
}
