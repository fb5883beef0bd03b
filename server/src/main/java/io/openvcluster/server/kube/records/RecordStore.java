package io.openvcluster.server.kube.records;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.kube.crd.DeletedServerRecord;
import io.openvcluster.server.kube.crd.FlavorRecord;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.KeyPairRecord;
import io.openvcluster.server.kube.crd.QuotaRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.SecurityGroupRecord;
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
    private static final String BY_USER = "user";

    private final String namespace;
    private final SharedIndexInformer<ServerRecord> servers;
    private final SharedIndexInformer<FlavorRecord> flavors;
    private final SharedIndexInformer<ImageRecord> images;
    private final SharedIndexInformer<QuotaRecord> quotas;
    private final SharedIndexInformer<KeyPairRecord> keyPairs;
    private final SharedIndexInformer<DeletedServerRecord> deletedServers;
    private final SharedIndexInformer<SecurityGroupRecord> securityGroups;
    private final ReadYourWrites<ServerRecord> serverWrites = new ReadYourWrites<>();
    private final ReadYourWrites<FlavorRecord> flavorWrites = new ReadYourWrites<>();
    private final ReadYourWrites<ImageRecord> imageWrites = new ReadYourWrites<>();
    private final ReadYourWrites<QuotaRecord> quotaWrites = new ReadYourWrites<>();
    private final ReadYourWrites<KeyPairRecord> keyPairWrites = new ReadYourWrites<>();
    private final ReadYourWrites<DeletedServerRecord> deletedWrites = new ReadYourWrites<>();
    private final ReadYourWrites<SecurityGroupRecord> securityGroupWrites = new ReadYourWrites<>();
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
        this.flavors = client.resources(FlavorRecord.class).inNamespace(namespace).runnableInformer(0);
        this.images = client.resources(ImageRecord.class).inNamespace(namespace).runnableInformer(0);
        this.quotas = client.resources(QuotaRecord.class).inNamespace(namespace).runnableInformer(0);
        this.keyPairs = client.resources(KeyPairRecord.class).inNamespace(namespace).runnableInformer(0);
        this.deletedServers = client.resources(DeletedServerRecord.class).inNamespace(namespace).runnableInformer(0);
        keyPairs.addIndexers(Map.of(BY_USER, k -> List.of(String.valueOf(k.getSpec().getUserId()))));
        deletedServers.addIndexers(Map.of(BY_PROJECT,
                d -> List.of(String.valueOf(d.getSpec().getServer().getProjectId()))));
        deletedServers.addEventHandler(onDelete(deletedWrites::informerDeleted));
        flavors.addEventHandler(onDelete(flavorWrites::informerDeleted));
        images.addEventHandler(onDelete(imageWrites::informerDeleted));
        quotas.addEventHandler(onDelete(quotaWrites::informerDeleted));
        keyPairs.addEventHandler(onDelete(keyPairWrites::informerDeleted));
        this.securityGroups = client.resources(SecurityGroupRecord.class).inNamespace(namespace).runnableInformer(0);
        securityGroups.addIndexers(Map.of(BY_PROJECT, g -> List.of(String.valueOf(g.getSpec().getProjectId()))));
        securityGroups.addEventHandler(onDelete(securityGroupWrites::informerDeleted));
        try {
            beforeCatalog.run();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        syncing = CompletableFuture.allOf(serversListed,
                Informers.startAllAsync(List.of(flavors, images, quotas, keyPairs, deletedServers, securityGroups)));
    }

    /** The server records' informer, indexed by project; a deletion drops the server's cached view. */
    private SharedIndexInformer<ServerRecord> serverInformer(KubernetesClient client) {
        SharedIndexInformer<ServerRecord> informer = client.resources(ServerRecord.class).inNamespace(namespace)
                .runnableInformer(0);
        informer.addIndexers(Map.of(BY_PROJECT, s -> List.of(String.valueOf(s.getSpec().getProjectId()))));
        informer.addEventHandler(onDelete(s -> {
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
        return servers.hasSynced() && flavors.hasSynced() && images.hasSynced() && quotas.hasSynced()
                && keyPairs.hasSynced() && deletedServers.hasSynced() && securityGroups.hasSynced();
    }

    /** True while every record informer's watch runs (the caches follow the API server). */
    public boolean watching() {
        return servers.isWatching() && flavors.isWatching() && images.isWatching() && quotas.isWatching()
                && keyPairs.isWatching() && deletedServers.isWatching() && securityGroups.isWatching();
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
        return deletedWrites.resolve(serverId, () -> deletedServers.getStore().getByKey(key(serverId)));
    }

    public List<DeletedServerRecord> deletedServersOfProject(String projectId) {
        return deletedWrites.merge(() -> deletedServers.getIndexer().byIndex(BY_PROJECT, projectId),
                d -> projectId.equals(d.getSpec().getServer().getProjectId()));
    }

    public List<DeletedServerRecord> allDeletedServers() {
        return deletedWrites.merge(() -> deletedServers.getStore().list(), d -> true);
    }

    // ---- catalog

    public Optional<FlavorRecord> flavor(String flavorId) {
        String name = Records.flavorName(flavorId);
        return flavorWrites.resolve(name, () -> flavors.getStore().getByKey(key(name)))
                .filter(f -> flavorId.equals(f.getSpec().getId()));
    }

    public List<FlavorRecord> flavors() {
        return flavorWrites.merge(() -> flavors.getStore().list(), f -> true);
    }

    public Optional<ImageRecord> image(String imageId) {
        String name = Records.imageName(imageId);
        return imageWrites.resolve(name, () -> images.getStore().getByKey(key(name)))
                .filter(i -> imageId.equals(i.getSpec().getId()));
    }

    public List<ImageRecord> images() {
        return imageWrites.merge(() -> images.getStore().list(), i -> true);
    }

    /** Lets {@code ArchiveDeletions} follow image records. */
    public void onImageEvents(ResourceEventHandler<ImageRecord> handler) {
        images.addEventHandler(handler);
    }

    // ---- quotas and key pairs

    /** The project's own limits, when an admin set any. */
    public Optional<QuotaRecord> quota(String projectId) {
        String name = Records.quotaName(projectId);
        return quotaWrites.resolve(name, () -> quotas.getStore().getByKey(key(name)))
                .filter(q -> projectId.equals(q.getSpec().getProjectId()));
    }

    public Optional<KeyPairRecord> keyPair(String userId, String keyName) {
        String name = Records.keyPairName(userId, keyName);
        return keyPairWrites.resolve(name, () -> keyPairs.getStore().getByKey(key(name)))
                .filter(k -> userId.equals(k.getSpec().getUserId()) && keyName.equals(k.getSpec().getName()));
    }

    public List<KeyPairRecord> keyPairsOfUser(String userId) {
        return keyPairWrites.merge(() -> keyPairs.getIndexer().byIndex(BY_USER, userId),
                k -> userId.equals(k.getSpec().getUserId()));
    }

    // ---- security groups

    public Optional<SecurityGroupRecord> securityGroup(String groupId) {
        String name = Records.securityGroupName(groupId);
        return securityGroupWrites.resolve(name, () -> securityGroups.getStore().getByKey(key(name)))
                .filter(g -> groupId.equals(g.getSpec().getId()));
    }

    public List<SecurityGroupRecord> securityGroupsOfProject(String projectId) {
        return securityGroupWrites.merge(() -> securityGroups.getIndexer().byIndex(BY_PROJECT, projectId),
                g -> projectId.equals(g.getSpec().getProjectId()));
    }

    /** Every project's groups (an admin's list with {@code all_tenants}). */
    public List<SecurityGroupRecord> allSecurityGroups() {
        return securityGroupWrites.merge(() -> securityGroups.getStore().list(), g -> true);
    }

    /** Lets the reconciler follow security groups: a rule changed is a pass over each member server. */
    public void onSecurityGroupEvents(ResourceEventHandler<SecurityGroupRecord> handler) {
        securityGroups.addEventHandler(handler);
    }

    // ---- read-your-writes

    /** Records an object the API server returned from a create. */
    public <T extends HasMetadata> T created(T object) {
        switch (object) {
            case ServerRecord s -> serverWrites.created(s);
            case FlavorRecord f -> flavorWrites.created(f);
            case ImageRecord i -> imageWrites.created(i);
            case QuotaRecord q -> quotaWrites.created(q);
            case KeyPairRecord k -> keyPairWrites.created(k);
            case DeletedServerRecord d -> deletedWrites.created(d);
            case SecurityGroupRecord g -> securityGroupWrites.created(g);
            default -> throw new IllegalArgumentException("not a record: " + object.getKind());
        }
        return object;
    }

    /**
     * Records an object the API server returned from an update, unless it was deleted since
     * ({@link ReadYourWrites#written}).
     */
    public <T extends HasMetadata> T written(T object) {
        String name = object.getMetadata().getName();
        switch (object) {
            case ServerRecord s -> serverWrites.written(s, () -> servers.getStore().getByKey(key(name)));
            case FlavorRecord f -> flavorWrites.written(f, () -> flavors.getStore().getByKey(key(name)));
            case ImageRecord i -> imageWrites.written(i, () -> images.getStore().getByKey(key(name)));
            case QuotaRecord q -> quotaWrites.written(q, () -> quotas.getStore().getByKey(key(name)));
            case KeyPairRecord k -> keyPairWrites.written(k, () -> keyPairs.getStore().getByKey(key(name)));
            case SecurityGroupRecord g ->
                    securityGroupWrites.written(g, () -> securityGroups.getStore().getByKey(key(name)));
            default -> throw new IllegalArgumentException("not a record: " + object.getKind());
        }
        return object;
    }

    /** Records that we deleted an object: reads stop showing it at once. */
    public void deleted(HasMetadata object) {
        switch (object) {
            case ServerRecord s -> serverWrites.deleted(s);
            case FlavorRecord f -> flavorWrites.deleted(f);
            case ImageRecord i -> imageWrites.deleted(i);
            case QuotaRecord q -> quotaWrites.deleted(q);
            case KeyPairRecord k -> keyPairWrites.deleted(k);
            case DeletedServerRecord d -> deletedWrites.deleted(d);
            case SecurityGroupRecord g -> securityGroupWrites.deleted(g);
            default -> throw new IllegalArgumentException("not a record: " + object.getKind());
        }
    }

    @Override
    public void close() {
        servers.close();
        flavors.close();
        images.close();
        quotas.close();
        keyPairs.close();
        deletedServers.close();
        securityGroups.close();
    }

    private String key(String name) {
        return namespace + "/" + name;
    }

    private static <T> ResourceEventHandler<T> onDelete(java.util.function.Consumer<T> action) {
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
