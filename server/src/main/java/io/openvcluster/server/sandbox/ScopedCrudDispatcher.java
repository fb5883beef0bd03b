package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.lang.reflect.Field;
import java.util.List;

/**
 * fabric8's CRUD dispatcher with its object map replaced by a {@link ScopedObjectStore}, so that a request costs
 * what its namespace holds rather than what the whole sandbox holds. The replacement goes through reflection because
 * the mock offers no way to supply its map; if that ever fails, the dispatcher keeps fabric8's map and only the
 * sandbox's speed at scale suffers ({@link #indexed()} says which). Every request passes through {@link ApiFaults}
 * first, which serves it unchanged unless faults are switched on.
 */
final class ScopedCrudDispatcher extends KubernetesCrudDispatcher {
    private static final System.Logger LOG = System.getLogger(ScopedCrudDispatcher.class.getName());

    private final boolean indexed;
    private final ApiFaults faults;

    /** Without faults. */
    ScopedCrudDispatcher() {
        this(new ApiFaults(0));
    }

    ScopedCrudDispatcher(ApiFaults faults) {
        super(List.of());
        this.indexed = installStore();
        this.faults = faults;
    }

    /** True when requests are served from the indexed store. */
    boolean indexed() {
        return indexed;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        return faults.dispatch(request, () -> ScopedObjectStore.serving(request.getPath(), () -> super.dispatch(request)));
    }

    private boolean installStore() {
        try {
            Field map = CrudDispatcher.class.getDeclaredField("map");
            map.setAccessible(true);
            map.set(this, new ScopedObjectStore());
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sandbox API server keeps fabric8's unindexed object map ("
                    + e + "); it will slow down with many vclusters");
            return false;
        }
    }
}
