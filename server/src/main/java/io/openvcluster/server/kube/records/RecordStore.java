package io.openvcluster.server.kube.records;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.kube.crd.ComputeServiceRecord;
import io.openvcluster.server.kube.crd.DeletedServerRecord;
import io.openvcluster.server.kube.crd.FlavorRecord;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.KeyPairRecord;
import io.openvcluster.server.kube.crd.QuotaRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.SecurityGroupRecord;
import io.openvcluster.server.kube.crd.ServerGroupRecord;
import io.openvcluster.server.kube.crd.ServerRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The records, read from informer caches: no read calls the API. Lookups by id are hash lookups (the record's
 * name is derived from the id); servers are also indexed by project. Writes go through the callers, who hand the
 * object the API server returned to {@link #created} or {@link #written} (read-your-writes, see
 * {@link ReadYourWrites}).
 */
public final class RecordStore implements AutoCloseable {
    private static final String BY_PROJECT = "project";

    private final String namespace;
    private final SharedIndexInformer<ServerRecord> servers;
    private final ReadYourWrites<ServerRecord> serverWrites = new ReadYourWrites<>();
    private final RecordKind<FlavorRecord> flavors;
    private final RecordKind<ImageRecord> images;
    private final RecordKind<QuotaRecord> quotas;
    private final RecordKind<KeyPairRecord> keyPairs;
    private final RecordKind<DeletedServerRecord> deletedServers;
    private final RecordKind<SecurityGroupRecord> securityGroups;
    private final RecordKind<ComputeServiceRecord> computeServices;
    private final RecordKind<ServerGroupRecord> serverGroups;
    /** The kinds but servers, whose informer may be replaced at start-up (below). */
    private final List<RecordKind<?>> kinds;
    /** Server views built from a record, per resourceVersion: hot GETs and lists do not rebuild them. */
    private final Map<String, View> views = new ConcurrentHashMap<>();
    /** Completes when every record informer has synced; fails if one cannot. */
    private final CompletableFuture<Void> syncing;

    private record View(String resourceVersion, ServerData data) {
    }

    private RecordStore(KubernetesClient client, String namespace, BooleanSupplier prepare, Runnable beforeCatalog) {
        this.namespace = namespace;
        // The server records' list goes out before anything else start-up asks of the API server: with many servers
        // it is most of start-up, and the checks below (and whatever the caller builds) run while it is bound.
        SharedIndexInformer<ServerRecord> first = serverInformer(client);
        CompletableFuture<Void> serversListed = Informers.startAllAsync(List.of(first));
        boolean listAgain;
        try {
            listAgain = prepare.getAsBoolean() || serversListed.isCompletedExceptionally();
        } catch (RuntimeException e) {
            first.close(); // nothing keeps listing or watching behind a start-up that failed
            throw e;
        }
        if (listAgain) {
            // A record CRD was missing when checked (the first start on a cluster), or the list failed already: the
            // list sent before the CRD was installed may have met a 404 and stopped its informer, so a new one lists.
            first.close();
            first = serverInformer(client);
            serversListed = Informers.startAllAsync(List.of(first));
        }
        this.servers = first;
        this.flavors = RecordKind.of(client, namespace, FlavorRecord.class);
        this.images = RecordKind.of(client, namespace, ImageRecord.class);
        this.quotas = RecordKind.of(client, namespace, QuotaRecord.class);
        this.keyPairs = RecordKind.indexed(client, namespace, KeyPairRecord.class, k -> k.getSpec().getUserId());
        this.deletedServers = RecordKind.indexed(client, namespace, DeletedServerRecord.class,
                d -> d.getSpec().getServer().getProjectId());
        this.securityGroups = RecordKind.indexed(client, namespace, SecurityGroupRecord.class,
                g -> g.getSpec().getProjectId());
        this.computeServices = RecordKind.of(client, namespace, ComputeServiceRecord.class);
        this.serverGroups = RecordKind.indexed(client, namespace, ServerGroupRecord.class,
                g -> g.getSpec().getProjectId());
        this.kinds = List.of(flavors, images, quotas, keyPairs, deletedServers, securityGroups, computeServices,
                serverGroups);
        try {
            beforeCatalog.run();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        syncing = CompletableFuture.allOf(serversListed, Informers.startAllAsync(
                kinds.stream().<SharedIndexInformer<?>>map(RecordKind::informer).toList()));
    }

    /** The server records' informer, indexed by project; a deletion drops the server's cached view. */
    private SharedIndexInformer<ServerRecord> serverInformer(KubernetesClient client) {
        SharedIndexInformer<ServerRecord> informer = client.resources(ServerRecord.class).inNamespace(namespace)
                .runnableInformer(0);
        informer.addIndexers(Map.of(BY_PROJECT, s -> List.of(String.valueOf(s.getSpec().getProjectId()))));
        informer.addEventHandler(RecordKind.onDelete(s -> {
            serverWrites.informerDeleted(s);
            views.remove(s.getMetadata().getName());
        }));
        return informer;
    }

    /** Starts the informers and waits until their caches hold the current state. */
    public static RecordStore start(KubernetesClient client, String namespace) {
        RecordStore store = startSyncing(client, namespace, () -> false, () -> {
        });
        store.awaitSynced();
        return store;
    }

    /**
     * Starts the informers without waiting for their first lists: {@link #syncing()} completes when every cache holds
     * the current state. Start-up overlaps the server records' list (the longest part of it with many servers) with
     * the rest of its work, and waits for it ({@link #awaitSynced()}) before it serves. The servers' informer starts
     * first, before {@code prepare} (the namespace and CRD checks), which returns true when a record CRD was missing
     * (the servers are then listed again by a new informer) and whose failure stops that informer and is thrown;
     * {@code beforeCatalog} (seeding the default catalog) runs next, while the servers list, and the catalog, quota
     * and key pair informers start after it, so that their first lists hold what it created.
     */
    public static RecordStore startSyncing(KubernetesClient client, String namespace, BooleanSupplier prepare,
                                    Runnable beforeCatalog) {
        return new RecordStore(client, namespace, prepare, beforeCatalog);
    }

    /** Completes once every record informer has synced; fails if one could not list. */
    public CompletableFuture<Void> syncing() {
        return syncing;
    }

    /**
     * Waits until the caches hold the current state, up to {@link Informers#SYNC_TIMEOUT_SECONDS}; if they do not,
     * closes the informers and throws.
     */
    public void awaitSynced() {
        try {
            syncing.get(Informers.SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while the record informers listed", e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("the record informers did not sync: " + e.getMessage(), e);
        }
    }

    public String namespace() {
        return namespace;
    }

    /** How many server records the cache holds. */
    public int serverCount() {
        return servers.getStore().list().size();
    }

    public boolean synced() {
        return servers.hasSynced() && kinds.stream().allMatch(RecordKind::synced);
    }

    /** True while every record informer's watch runs (the caches follow the API server). */
    public boolean watching() {
        return servers.isWatching() && kinds.stream().allMatch(RecordKind::watching);
    }

    // ---- servers

    public Optional<ServerRecord> server(String serverId) {
        return serverWrites.resolve(serverId, () -> servers.getStore().getByKey(key(serverId)));
    }

    public List<ServerRecord> serversOfProject(String projectId) {
        return serverWrites.merge(() -> servers.getIndexer().byIndex(BY_PROJECT, projectId),
                s -> projectId.equals(s.getSpec().getProjectId()));
    }

    public List<ServerRecord> allServers() {
        return serverWrites.merge(() -> servers.getStore().list(), s -> true);
    }

    /** The view of a record, built once per resourceVersion. */
    public ServerData view(ServerRecord record, Function<ServerRecord, ServerData> build) {
        String id = record.getMetadata().getName();
        String rv = record.getMetadata().getResourceVersion();
        View cached = views.get(id);
        if (cached != null && cached.resourceVersion().equals(rv)) {
            return cached.data();
        }
        ServerData data = build.apply(record);
        views.put(id, new View(rv, data));
        return data;
    }

    /** Lets the reconciler follow server records (adds, spec and status changes, deletions). */
    public void onServerEvents(ResourceEventHandler<ServerRecord> handler) {
        servers.addEventHandler(handler);
    }

    // ---- deleted servers, kept for the retention time

    public Optional<DeletedServerRecord> deletedServer(String serverId) {
        return deletedServers.named(serverId);
    }

    public List<DeletedServerRecord> deletedServersOfProject(String projectId) {
        return deletedServers.byIndex(projectId);
    }

    public List<DeletedServerRecord> allDeletedServers() {
        return deletedServers.all();
    }

    // ---- catalog

    public Optional<FlavorRecord> flavor(String flavorId) {
        String name = Records.flavorName(flavorId);
        return flavors.named(name).filter(f -> flavorId.equals(f.getSpec().getId()));
    }

    public List<FlavorRecord> flavors() {
        return flavors.all();
    }

    public Optional<ImageRecord> image(String imageId) {
        String name = Records.imageName(imageId);
        return images.named(name).filter(i -> imageId.equals(i.getSpec().getId()));
    }

    public List<ImageRecord> images() {
        return images.all();
    }

    /** Lets {@code ArchiveDeletions} follow image records. */
    public void onImageEvents(ResourceEventHandler<ImageRecord> handler) {
        images.onEvents(handler);
    }

    // ---- quotas and key pairs

    /** The project's own limits, when an admin set any. */
    public Optional<QuotaRecord> quota(String projectId) {
        String name = Records.quotaName(projectId);
        return quotas.named(name).filter(q -> projectId.equals(q.getSpec().getProjectId()));
    }

    public Optional<KeyPairRecord> keyPair(String userId, String keyName) {
        String name = Records.keyPairName(userId, keyName);
        return keyPairs.named(name).filter(k -> userId.equals(k.getSpec().getUserId()) && keyName.equals(k.getSpec().getName()));
    }

    public List<KeyPairRecord> keyPairsOfUser(String userId) {
        return keyPairs.byIndex(userId);
    }

    // ---- security groups

    public Optional<SecurityGroupRecord> securityGroup(String groupId) {
        String name = Records.securityGroupName(groupId);
        return securityGroups.named(name).filter(g -> groupId.equals(g.getSpec().getId()));
    }

    public List<SecurityGroupRecord> securityGroupsOfProject(String projectId) {
        return securityGroups.byIndex(projectId);
    }

    /** Every project's groups (an admin's list with {@code all_tenants}). */
    public List<SecurityGroupRecord> allSecurityGroups() {
        return securityGroups.all();
    }

    /** Lets the reconciler follow security groups: a rule changed is a pass over each member server. */
    public void onSecurityGroupEvents(ResourceEventHandler<SecurityGroupRecord> handler) {
        securityGroups.onEvents(handler);
    }

    // ---- server groups

    public Optional<ServerGroupRecord> serverGroup(String groupId) {
        return serverGroups.named(Records.serverGroupName(groupId)).filter(g -> groupId.equals(g.getSpec().getId()));
    }

    public List<ServerGroupRecord> serverGroupsOfProject(String projectId) {
        return serverGroups.byIndex(projectId);
    }

    public List<ServerGroupRecord> allServerGroups() {
        return serverGroups.all();
    }

    // ---- compute services

    /** What an admin set on a compute service, if anything. */
    public Optional<ComputeServiceRecord> computeService(String binary, String host) {
        return computeServices.named(Records.computeServiceName(binary, host))
                .filter(c -> binary.equals(c.getSpec().getBinary()) && host.equals(c.getSpec().getHost()));
    }

    // ---- read-your-writes

    /** Records an object the API server returned from a create. */
    public <T extends HasMetadata> T created(T object) {
        if (object instanceof ServerRecord s) {
            serverWrites.created(s);
        } else {
            kindOf(object).created(object);
        }
        return object;
    }

    /**
     * Records an object the API server returned from an update, unless it was deleted since
     * ({@link ReadYourWrites#written}).
     */
    public <T extends HasMetadata> T written(T object) {
        if (object instanceof ServerRecord s) {
            serverWrites.written(s, () -> servers.getStore().getByKey(key(s.getMetadata().getName())));
        } else {
            kindOf(object).written(object);
        }
        return object;
    }

    /** Records that we deleted an object: reads stop showing it at once. */
    public void deleted(HasMetadata object) {
        if (object instanceof ServerRecord s) {
            serverWrites.deleted(s);
        } else {
            kindOf(object).deleted(object);
        }
    }

    /** The kind of a record, typed as the object's own (checked by {@link RecordKind#holds}). */
    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> RecordKind<T> kindOf(T object) {
        return (RecordKind<T>) kinds.stream().filter(k -> k.holds(object)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a record: " + object.getKind()));
    }

    @Override
    public void close() {
        servers.close();
        kinds.forEach(RecordKind::close);
    }

    private String key(String name) {
        return namespace + "/" + name;
    }
}
