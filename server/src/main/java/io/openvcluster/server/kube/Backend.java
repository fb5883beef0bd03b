package io.openvcluster.server.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.server.compute.ComputeService;
import io.openvcluster.server.compute.KubeComputeService;
import java.net.HttpURLConnection;
import java.time.Clock;

/**
 * The Kubernetes side of the facade, started by {@code Main}: ensures the facade namespace, installs the CRDs if
 * missing (when allowed), seeds the default catalog if absent, starts the informers (and waits for them to sync)
 * and the reconciler. Everything it creates is checked first, so any number of replicas may start at once.
 */
public final class Backend implements AutoCloseable {
    private final RecordStore store;
    private final HostCache hostCache;
    private final Reconciler reconciler;
    private final KubeComputeService compute;

    private Backend(RecordStore store, HostCache hostCache, Reconciler reconciler, KubeComputeService compute) {
        this.store = store;
        this.hostCache = hostCache;
        this.reconciler = reconciler;
        this.compute = compute;
    }

    public static Backend start(KubernetesClient client, BackendSettings settings) {
        Clock clock = Clock.systemUTC();
        createIfAbsent(() -> client.resource(new NamespaceBuilder().withNewMetadata().withName(settings.namespace())
                .endMetadata().build()).create(), client.namespaces().withName(settings.namespace()).get() != null);
        if (settings.installCrds()) {
            for (CustomResourceDefinition crd : CrdResources.load(client)) {
                boolean present = client.apiextensions().v1().customResourceDefinitions()
                        .withName(crd.getMetadata().getName()).get() != null;
                createIfAbsent(() -> client.apiextensions().v1().customResourceDefinitions().resource(crd).create(), present);
            }
        }
        if (settings.seedCatalog()) {
            CatalogSeeder.seed(client, settings.namespace(), clock);
        }
        RecordStore store = RecordStore.start(client, settings.namespace());
        HostCache hostCache;
        try {
            hostCache = HostCache.start(client);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        SnapshotStore snapshots = settings.snapshotStore();
        Reconciler reconciler = new Reconciler(client, store, hostCache, settings.resyncPeriod(), clock,
                () -> snapshots.credentialsSecret()
                        .map(name -> client.secrets().inNamespace(settings.namespace()).withName(name).get())
                        .map(SnapshotRequests::decoded).orElse(java.util.Map.of()));
        KubeComputeService compute = new KubeComputeService(client, store, reconciler::enqueue,
                settings.quotaDefaults(), snapshots, clock);
        reconciler.start();
        return new Backend(store, hostCache, reconciler, compute);
    }

    public ComputeService compute() {
        return compute;
    }

    /** Ready when the caches hold the current state: reads answered from them are then correct. */
    public boolean ready() {
        return store.synced() && hostCache.synced();
    }

    @Override
    public void close() {
        reconciler.close();
        hostCache.close();
        store.close();
    }

    static void createIfAbsent(Runnable create, boolean present) {
        if (present) {
            return;
        }
        try {
            create.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }
}
