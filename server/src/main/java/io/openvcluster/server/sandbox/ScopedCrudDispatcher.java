package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * fabric8's CRUD dispatcher with its object map replaced by a {@link ScopedObjectStore}, so that a request costs
 * what its namespace holds rather than what the whole sandbox holds. The replacement goes through reflection because
 * the mock offers no way to supply its map; if that ever fails, the dispatcher keeps fabric8's map and only the
 * sandbox's speed at scale suffers ({@link #indexed()} says which). Every request passes through {@link ApiFaults}
 * first, which serves it unchanged unless faults are switched on, then through {@link ListPages}, which cuts a list
 * asked for with {@code limit} into pages.
 *
 * <p>Two of the mock's reads happen outside the request's scope, and are given one here: its look-up of the object
 * a create, replace or patch names ({@link #findResource}, served from the store's index by the attributes it is
 * given, so that a create's name from the body narrows it too), and the ADDED events a new watch is sent for what
 * already exists, which the mock computes on the WebSocket's thread when it opens ({@link ScopedWatch}). The end of
 * each watch does not wait on the event loop ({@link WatchEndWithoutWaiting}).
 */
final class ScopedCrudDispatcher extends KubernetesCrudDispatcher {
    private static final System.Logger LOG = System.getLogger(ScopedCrudDispatcher.class.getName());

    private final Optional<ScopedObjectStore> store;
    private final ApiFaults faults;
    /** {@code limit} and {@code continue}, which the mock ignores: a paging client gets pages, as from a cluster. */
    private final ListPages pages = new ListPages();
    private final ServiceIpAllocator serviceIps = new ServiceIpAllocator();

    /** Without faults. */
    ScopedCrudDispatcher() {
        this(new ApiFaults(0));
    }

    ScopedCrudDispatcher(ApiFaults faults) {
        super(List.of());
        this.store = installStore();
        this.faults = faults;
    }

    /** True when requests are served from the indexed store. */
    boolean indexed() {
        return store.isPresent();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        return faults.dispatch(request, () -> pages.serve(request, () -> {
            Optional<ScopedObjectStore.Scope> scope = ScopedObjectStore.scopeOf(request.getPath());
            MockResponse response = ScopedObjectStore.within(scope, () -> super.dispatch(request));
            if (response.getWebSocketListener() == null) {
                return response;
            }
            WebSocketListener watch = new WatchEndWithoutWaiting(response.getWebSocketListener());
            return response.withWebSocketUpgrade(scope.isEmpty() ? watch
                    : new ScopedWatch(watch, scope.get().newerThan(startingResourceVersion(request.getPath()))));
        }));
    }

    /**
     * A Service is given its cluster IP in its create, as a Kubernetes API server does ({@link ServiceIpAllocator}).
     * The mock calls this from {@link #dispatch}, inside the request's scope.
     */
    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        return super.handleCreate(serviceIps.assigned(request, ScopedObjectStore.current()));
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
        return store.isPresent() ? store.get().find(attributes).orElse(null) : super.findResource(attributes);
    }

    private Optional<ScopedObjectStore> installStore() {
        try {
            Field map = CrudDispatcher.class.getDeclaredField("map");
            map.setAccessible(true);
            ScopedObjectStore scoped = new ScopedObjectStore();
            map.set(this, scoped);
            return Optional.of(scoped);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sandbox API server keeps fabric8's unindexed object map ("
                    + e + "); it will slow down with many vclusters");
            return Optional.empty();
        }
    }

    /**
     * The resourceVersion a watch starts from ({@code ?resourceVersion=N}), 0 when it starts from nothing. A
     * Kubernetes API server sends such a watch only what changed after N; fabric8's mock sends every matching object
     * again as ADDED, so each informer that lists and then watches received everything twice (at 10,000 servers,
     * some 135 MB of JSON more for a facade's start-up, and as many reconciles of unchanged servers).
     */
    static long startingResourceVersion(String path) {
        return Math.max(0, QueryParameters.of(path).number("resourceVersion"));
    }

    /**
     * A watch whose opening sends what already exists (the mock's ADDED events) from the scope of the request that
     * opened it: its plural and namespace, and only what was written after the resourceVersion it starts from.
     * Without this, each watch that opens copied and tested the whole store and sent all of it.
     */
    private static final class ScopedWatch extends ForwardingWebSocketListener {
        private final ScopedObjectStore.Scope scope;

        ScopedWatch(WebSocketListener delegate, ScopedObjectStore.Scope scope) {
            super(delegate);
            this.scope = scope;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            ScopedObjectStore.within(Optional.of(scope), () -> {
                super.onOpen(webSocket, response);
                return null;
            });
        }
    }
}
