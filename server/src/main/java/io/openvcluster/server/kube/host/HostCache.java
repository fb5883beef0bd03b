package io.openvcluster.server.kube.host;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.host.HostObjects.CachedNamespace;
import io.openvcluster.server.kube.host.HostObjects.CachedPod;
import io.openvcluster.server.kube.host.HostObjects.CachedSecret;
import io.openvcluster.server.kube.host.HostObjects.CachedService;
import io.openvcluster.server.kube.host.HostObjects.CachedSnapshotRequest;
import io.openvcluster.server.kube.host.HostObjects.CachedStatefulSet;
import io.openvcluster.server.kube.records.Informers;
import io.openvcluster.server.kube.snapshot.SnapshotPods;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.translator.ChartLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Informer caches of the host objects the reconciler observes: namespaces labelled with a server id, and the
 * vcluster StatefulSets, pods, Services and Secrets ({@code app=vcluster}, the label both the chart and the running
 * vcluster put on them) in any namespace. Every change is reported as the id of the server owning the namespace.
 * With a snapshot store that needs credentials, also the one Secret holding them (by name, in the facade namespace).
 */
public final class HostCache implements HostReads, AutoCloseable {
    /**
     * Objects per page of a host informer's list (Kubernetes' {@code limit} and {@code continue}): each page goes into
     * the cache as it arrives, so a first list holds one page in memory rather than every object of the kind; with
     * 19,000 servers the StatefulSets alone are 64 MB of JSON, which a 512 MB heap did not hold parsed. 500 is what
     * client-go's pager asks for. The price: fabric8 then lists without {@code resourceVersion=0}, so the API server
     * reads the pages from etcd instead of answering whole from its watch cache (once per kind and start).
     */
    static final long LIST_PAGE = 500;

    private final CompactItemStore<Namespace, CachedNamespace> namespaceStore =
            new CompactItemStore<>(CachedNamespace::of, HostCache::namespaceSkeleton);
    private final CompactItemStore<StatefulSet, CachedStatefulSet> statefulSetStore =
            new CompactItemStore<>(CachedStatefulSet::of, skeleton(StatefulSet::new));
    private final CompactItemStore<Pod, CachedPod> podStore = new CompactItemStore<>(CachedPod::of, skeleton(Pod::new));
    private final CompactItemStore<Service, CachedService> serviceStore =
            new CompactItemStore<>(CachedService::of, skeleton(Service::new));
    private final CompactItemStore<Secret, CachedSecret> secretStore =
            new CompactItemStore<>(CachedSecret::of, skeleton(Secret::new));
    private final CompactItemStore<ConfigMap, CachedSnapshotRequest> requestStore =
            new CompactItemStore<>(CachedSnapshotRequest::of, skeleton(ConfigMap::new));
    private final CompactItemStore<Pod, CachedPod> snapshotPodStore =
            new CompactItemStore<>(CachedPod::of, skeleton(Pod::new));
    private final SharedIndexInformer<Namespace> namespaces;
    private final SharedIndexInformer<StatefulSet> statefulSets;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<Secret> secrets;
    /** vcluster's snapshot requests (label {@code vcluster.loft.sh/snapshot-request}), followed while they run. */
    private final SharedIndexInformer<ConfigMap> snapshotRequests;
    /** vcluster's snapshot and restore pods ({@code app=vcluster-snapshot}). */
    private final SharedIndexInformer<Pod> snapshotPods;
    /** The snapshot store's credentials Secret, followed by name only (nothing else of the facade namespace). */
    private final Optional<SharedIndexInformer<Secret>> credentials;
    private final String credentialsKey;
    /** Completes when every host informer has synced (its first list is in the cache); fails if one cannot. */
    private final CompletableFuture<Void> syncing;
    private volatile boolean closed;

    private HostCache(KubernetesClient client, String namespace, Optional<String> credentialsSecret,
                      CompletionStage<?> after) {
        namespaces = paged(client.namespaces().withLabel(Records.LABEL_SERVER_ID), namespaceStore);
        statefulSets = paged(client.apps().statefulSets().inAnyNamespace()
                .withLabel(ChartLabels.APP, ChartLabels.APP_VCLUSTER), statefulSetStore);
        pods = paged(client.pods().inAnyNamespace().withLabel(ChartLabels.APP, ChartLabels.APP_VCLUSTER), podStore);
        services = paged(client.services().inAnyNamespace().withLabel(ChartLabels.APP, ChartLabels.APP_VCLUSTER),
                serviceStore);
        secrets = paged(client.secrets().inAnyNamespace().withLabel(ChartLabels.APP, ChartLabels.APP_VCLUSTER),
                secretStore);
        snapshotRequests = paged(client.configMaps().inAnyNamespace().withLabel(SnapshotRequests.LABEL_REQUEST),
                requestStore);
        snapshotPods = paged(client.pods().inAnyNamespace().withLabel(ChartLabels.APP, SnapshotPods.APP_LABEL_VALUE),
                snapshotPodStore);
        // kept whole: its data are the store's credentials, read on every snapshot request
        credentials = credentialsSecret.map(name -> client.secrets().inNamespace(namespace).withName(name)
                .runnableInformer(0));
        credentialsKey = credentialsSecret.map(name -> namespace + "/" + name).orElse("");
        // A first list that fails (the API server erring or unreachable) is tried again, with the informer's backoff,
        // as a failed watch is: fabric8 gives up on it by default, and the reconciler would then never start.
        all().forEach(informer -> informer.exceptionHandler((started, t) -> !(t instanceof WatcherException)));
        syncing = after.toCompletableFuture().thenCompose(done -> closed
                ? CompletableFuture.failedFuture(new CancellationException("closed before the host informers started"))
                : Informers.startAllAsync(all()));
    }

    /**
     * The informer keeps only what the facade reads of each object ({@link CompactItemStore}), and no index: every
     * read here is by key, while fabric8's default namespace index keeps a map per namespace and informer (about
     * 1 KB per server across the host informers).
     */
    static <T extends HasMetadata> SharedIndexInformer<T> compact(SharedIndexInformer<T> informer,
                                                                  CompactItemStore<T, ?> store) {
        return informer.itemStore(store).removeNamespaceIndex();
    }

    /** A compact informer whose first list comes in pages of {@link #LIST_PAGE}. */
    private static <T extends HasMetadata> SharedIndexInformer<T> paged(Informable<T> source,
                                                                        CompactItemStore<T, ?> store) {
        return compact(source.withLimit(LIST_PAGE).runnableInformer(0), store);
    }

    /** A namespace's skeleton keeps its server id label: a delete event finds its server by it. */
    static Namespace namespaceSkeleton(ObjectMeta meta, CachedNamespace kept) {
        meta.setLabels(kept.server().map(id -> Map.of(Records.LABEL_SERVER_ID, id)).orElse(null));
        Namespace ns = new Namespace();
        ns.setMetadata(meta);
        return ns;
    }

    private static <T extends HasMetadata, C> BiFunction<ObjectMeta, C, T> skeleton(Supplier<T> model) {
        return (meta, kept) -> {
            T object = model.get();
            object.setMetadata(meta);
            return object;
        };
    }

    /**
     * Starts the host informers, once {@code after} completes (the server records' first list: the two would share
     * the cores, the heap and the connection), without waiting for their first lists ({@link #syncing()}): at 10,000
     * servers these are some 135 MB of JSON, six times the server records, and nothing a client reads before they end
     * needs them but a console or a snapshot, which wait for them ({@link HostReads}). If {@code after} fails, so does
     * {@link #syncing()}.
     *
     * @param credentialsSecret the snapshot store's credentials Secret in {@code namespace}, when it has one
     */
    public static HostCache startSyncing(KubernetesClient client, String namespace, Optional<String> credentialsSecret,
                                  CompletionStage<?> after) {
        return new HostCache(client, namespace, credentialsSecret, after);
    }

    /** Completes once every host informer has synced (their first lists are retried until they succeed). */
    public CompletableFuture<Void> syncing() {
        return syncing;
    }

    /** Waits until the caches hold the host objects (a read before that would miss them), as start-up waited. */
    public void awaitSynced() {
        try {
            syncing.get(Informers.SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            throw new IllegalStateException("the host informers did not sync: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the host informers", e);
        }
    }

    /** Reports the server id of every changed host object (through its namespace's label). */
    public void onChange(Consumer<String> serverId) {
        namespaces.addEventHandler(handler(ns -> Optional.ofNullable(ns.getMetadata().getLabels())
                .map(l -> l.get(Records.LABEL_SERVER_ID)).ifPresent(serverId)));
        for (SharedIndexInformer<? extends HasMetadata> informer : List.of(statefulSets, pods, services, secrets,
                snapshotRequests, snapshotPods)) {
            informer.addEventHandler(handler(o -> serverOfNamespace(o.getMetadata().getNamespace()).ifPresent(serverId)));
        }
    }

    Optional<String> serverOfNamespace(String namespace) {
        return namespace(namespace).flatMap(CachedNamespace::server);
    }

    public Optional<CachedNamespace> namespace(String name) {
        return namespaceStore.cached(name);
    }

    /** The namespace's resourceVersion as the cache has it: a change of its labels, or a new namespace, changes it. */
    public Optional<String> namespaceVersion(String name) {
        return namespaceStore.cached(name).map(CachedNamespace::resourceVersion);
    }

    public Optional<CachedStatefulSet> statefulSet(String namespace, String name) {
        return statefulSetStore.cached(namespace + "/" + name);
    }

    public Optional<CachedPod> pod(String namespace, String name) {
        return podStore.cached(namespace + "/" + name);
    }

    Optional<CachedService> service(String namespace, String name) {
        return serviceStore.cached(namespace + "/" + name);
    }

    boolean secretExists(String namespace, String name) {
        return secretStore.cached(namespace + "/" + name).isPresent();
    }

    @Override
    public boolean vclusterSecretExists(String namespace, String name) {
        awaitSynced();
        return secretExists(namespace, name);
    }

    @Override
    public Optional<String> vclusterLoadBalancerHost(String namespace, String name) {
        awaitSynced();
        return service(namespace, name).flatMap(CachedService::loadBalancerHost);
    }

    @Override
    public Map<String, String> snapshotCredentials() {
        awaitSynced();
        return credentials.map(informer -> informer.getStore().getByKey(credentialsKey)).map(SnapshotRequests::decoded)
                .orElse(Map.of());
    }

    public Optional<CachedSnapshotRequest> snapshotRequest(String namespace, String name) {
        return requestStore.cached(namespace + "/" + name);
    }

    public Optional<CachedPod> snapshotPod(String namespace, String name) {
        return snapshotPodStore.cached(namespace + "/" + name);
    }

    /** True while every host informer's watch runs. */
    public boolean watching() {
        return all().stream().allMatch(SharedIndexInformer::isWatching);
    }

    boolean synced() {
        return all().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** True when a first list failed for good (not retried): the facade cannot reconcile, and is not ready. */
    public boolean failed() {
        return syncing.isCompletedExceptionally();
    }

    @Override
    public void close() {
        closed = true;
        all().forEach(SharedIndexInformer::close);
    }

    private List<SharedIndexInformer<?>> all() {
        List<SharedIndexInformer<?>> all = new ArrayList<>(List.of(namespaces, statefulSets, pods, services, secrets,
                snapshotRequests, snapshotPods));
        credentials.ifPresent(all::add);
        return all;
    }

    /** A handler that passes the object of every add, update (the new one) and delete to {@code action}. */
    public static <T> ResourceEventHandler<T> handler(Consumer<T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                action.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                action.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                action.accept(obj);
            }
        };
    }
}
