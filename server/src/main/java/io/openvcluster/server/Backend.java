package io.openvcluster.server;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.archives.ArchiveStores;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.compute.Fleet;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.kube.client.KubeWaits;
import io.openvcluster.server.kube.client.TimedHttpClient;
import io.openvcluster.server.kube.host.HostCache;
import io.openvcluster.server.kube.host.HostNodes;
import io.openvcluster.server.kube.provision.ChartArchives;
import io.openvcluster.server.kube.provision.ChartSource;
import io.openvcluster.server.kube.provision.HelmAdoption;
import io.openvcluster.server.kube.provision.HelmClient;
import io.openvcluster.server.kube.provision.HelmJavaClient;
import io.openvcluster.server.kube.provision.HelmProvisioner;
import io.openvcluster.server.kube.provision.ManifestProvisioner;
import io.openvcluster.server.kube.provision.ProvisionerSettings;
import io.openvcluster.server.kube.provision.ValuesOverlays;
import io.openvcluster.server.kube.provision.VclusterProvisioner;
import io.openvcluster.server.kube.reconcile.ArchiveDeletions;
import io.openvcluster.server.kube.reconcile.LeaderElectionSettings;
import io.openvcluster.server.kube.reconcile.LeaderGate;
import io.openvcluster.server.kube.reconcile.Reconciler;
import io.openvcluster.server.kube.records.CacheFreshness;
import io.openvcluster.server.kube.records.CatalogSeeder;
import io.openvcluster.server.kube.records.CrdResources;
import io.openvcluster.server.kube.records.Informers;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The Kubernetes side of the facade, started by {@code Main}: lists the server records first, meanwhile ensures the
 * facade namespace, installs the CRDs if missing (when allowed), seeds the default catalog if absent, starts the informers (and waits for them to sync)
 * and the reconciler. Everything it creates is checked first, so any number of replicas may start at once. With
 * leader election ({@link LeaderElectionSettings}) the reconciler and the seeding run on the lease holder only.
 */
public final class Backend implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Backend.class.getName());
    /** How long start-up waits for the host cluster's nodes to be watched. */
    private static final Duration NODES_BOUND = Duration.ofSeconds(2);

    private final RecordStore store;
    private final HostCache hostCache;
    private final LeaderGate reconciling;
    private final Domain domain;
    private final CacheFreshness freshness;
    private final KubernetesClient requestClient;
    private final ArchiveStores transfers;
    private final HostNodes nodes;

    private Backend(RecordStore store, HostCache hostCache, LeaderGate reconciling, Domain domain,
                    CacheFreshness freshness, KubernetesClient requestClient, ArchiveStores transfers,
                    HostNodes nodes) {
        this.nodes = nodes;
        this.store = store;
        this.requestClient = requestClient;
        this.transfers = transfers;
        this.freshness = freshness;
        this.hostCache = hostCache;
        this.reconciling = reconciling;
        this.domain = domain;
    }

    /** Starts the backend and waits until the record caches hold the current state. */
    public static Backend start(KubernetesClient client, BackendSettings settings) {
        return start(client, settings, HelmJavaClient::withDefaults);
    }

    /**
     * As {@link #start(KubernetesClient, BackendSettings)}, with the Helm the Helm provisioner calls (made only with
     * {@code OVC_PROVISIONER=helm}; tests pass one that fails as Helm does).
     */
    public static Backend start(KubernetesClient client, BackendSettings settings, Supplier<HelmClient> helm) {
        Backend backend = startSyncing(client, settings, helm);
        backend.awaitRecords();
        return backend;
    }

    /**
     * Starts the backend without waiting for the server records' first list, which with many servers is most of
     * start-up (15–23 MB of JSON at 10,000 servers): {@code Main} builds the web server meanwhile and calls
     * {@link #awaitRecords()} before it serves. {@link #ready()} is false until the records are in.
     */
    public static Backend startSyncing(KubernetesClient client, BackendSettings settings) {
        return startSyncing(client, settings, HelmJavaClient::withDefaults);
    }

    private static Backend startSyncing(KubernetesClient client, BackendSettings settings, Supplier<HelmClient> helm) {
        Clock clock = Clock.systemUTC();
        boolean elected = settings.leaderElection().enabled();
        // What must be in the caches before the facade says it is ready: the records, which every Nova read answers
        // from. The host objects (at 10,000 servers some 135 MB of JSON against 23 MB of records) list after them and
        // may finish after ready: only the reconciler, consoles and snapshots read them, and these wait for them. They
        // do not list at the same time as the records, which would then share the cores (and the heap) with them.
        long listing = System.nanoTime();
        // the namespace and CRD checks and the catalog's seeding (with election, by the lease holder: see below) run
        // while the server records list
        RecordStore store = RecordStore.startSyncing(client, settings.namespace(),
                () -> ensureNamespaceAndDefinitions(client, settings), () -> {
            if (settings.seedCatalog() && !elected) {
                CatalogSeeder.seed(client, settings.namespace(), clock);
            }
        });
        CompletableFuture<Long> recordsListed = store.syncing().thenApply(done -> {
            long now = System.nanoTime();
            LOG.log(System.Logger.Level.INFO, String.format("server records synced: %d in %d ms (host objects follow)",
                    store.serverCount(), (now - listing) / 1_000_000));
            return now;
        });
        HostCache hostCache = HostCache.startSyncing(client, settings.namespace(),
                settings.snapshotStore().credentialsSecret(), recordsListed);
        hostCache.syncing().thenRun(() -> LOG.log(System.Logger.Level.INFO, String.format(
                "host objects synced in %d ms", (System.nanoTime() - recordsListed.join()) / 1_000_000)));
        // With election, only the lease holder seeds the catalog and reconciles; every replica serves and records.
        SnapshotStore snapshots = settings.snapshotStore();
        HostCache hosts = hostCache;
        Supplier<Map<String, String>> credentials = hosts::snapshotCredentials;
        Supplier<LeaderGate.Term> term = () -> {
            hosts.awaitSynced(); // the reconciler acts on what the host caches say exists
            if (settings.seedCatalog() && elected) {
                CatalogSeeder.seed(client, settings.namespace(), clock);
            }
            // its calls count in the Kubernetes API's meter as the requests' do
            KubernetesClient reconcileClient = TimedHttpClient.instrument(client);
            Reconciler reconciler = new Reconciler(reconcileClient, store, hosts, settings.resyncPeriod(), clock,
                    provisioner(reconcileClient, settings, hosts, helm), credentials, settings.passDeadline(),
                    settings.reclaimInterval(), settings.shelvedOffloadTime(), settings.deletedServerRetention());
            reconciler.start();
            // archives of deleted snapshot images whose vcluster is gone: the facade deletes them itself
            ArchiveStores archiveStores = new ArchiveStores();
            ArchiveDeletions archiveDeletions = new ArchiveDeletions(client, store, archiveStores, credentials, clock);
            archiveDeletions.start();
            return new LeaderGate.Term() {
                @Override
                public void enqueue(String serverId) {
                    reconciler.enqueue(serverId);
                }

                @Override
                public void close() {
                    archiveDeletions.close();
                    archiveStores.close();
                    reconciler.close();
                }
            };
        };
        LeaderGate gate = elected
                ? LeaderGate.elected(client, settings.namespace(), settings.leaderElection(), term)
                : LeaderGate.once(hostCache.syncing(), term);
        // the API's calls are timed (KubeWaits): a response reports how long it waited on the Kubernetes API
        KubernetesClient requestClient = TimedHttpClient.instrument(client);
        // the store client of Glance's image uploads and downloads, for the process's lifetime
        ArchiveStores transfers = new ArchiveStores();
        // the host cluster's nodes, for the hypervisor's size; a failing list (no rights to read nodes) shows the host
        // down rather than stopping the facade
        HostNodes nodes = HostNodes.start(client);
        Domain domain = Domain.on(requestClient, store, hosts, gate::enqueue, settings.quotaDefaults(), snapshots,
                settings.reclaimInterval(), settings.shelvedOffloadTime(), clock, transfers,
                settings.imageTransfers(), settings.leaderElection().podName(),
                new Fleet.HostCluster(settings.host().name(), settings.host().zone()), nodes,
                apiServerAddress(client));
        // uploads this replica was reading when it stopped are undone once the records (and credentials) are in
        hosts.syncing().thenRunAsync(() -> domain.catalog().recoverInterruptedUploads());
        return new Backend(store, hosts, gate, domain,
                CacheFreshness.start(() -> store.watching() && hosts.watching(), clock), requestClient, transfers,
                nodes);
    }

    /**
     * Creates the facade namespace and (when allowed) the record CRDs where missing; true when a CRD was missing, so
     * that a list of its records sent before may have failed.
     */
    private static boolean ensureNamespaceAndDefinitions(KubernetesClient client, BackendSettings settings) {
        CrdResources.createIfAbsent(() -> client.resource(new NamespaceBuilder().withNewMetadata().withName(settings.namespace())
                .endMetadata().build()).create(), client.namespaces().withName(settings.namespace()).get() != null);
        boolean missing = false;
        if (settings.installCrds()) {
            var definitions = client.apiextensions().v1().customResourceDefinitions();
            for (String name : CrdResources.NAMES) {
                boolean present = definitions.withName(name).get() != null;
                // read from the jar only when missing: parsing a CRD costs a cold start some 50 ms
                CrdResources.createIfAbsent(() -> definitions.resource(CrdResources.load(client, name)).create(), present);
                missing |= !present;
            }
        }
        return missing;
    }

    /**
     * Waits until the record caches hold the current state (what every Nova read answers from), up to
     * {@link Informers#SYNC_TIMEOUT_SECONDS}; if they do not, closes the backend and throws.
     */
    public void awaitRecords() {
        try {
            store.awaitSynced();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        // the host cluster's nodes are a short list, watched by then in the normal case; without rights to read
        // them the facade still starts, and shows its host down
        if (!nodes.awaitWatching(NODES_BOUND)) {
            LOG.log(System.Logger.Level.WARNING, "the host cluster's nodes are not watched after "
                    + NODES_BOUND.toMillis() + " ms (no right to list nodes, or the API server does not answer): "
                    + "its compute service and hypervisor show down, and its size 0");
        }
    }

    /** True while this replica runs the reconciler (always, without leader election). */
    public boolean leading() {
        return reconciling.leading();
    }

    public Domain domain() {
        return domain;
    }

    /**
     * Ready when the record caches hold the current state: reads answered from them are then correct. The host
     * caches may still be listing (reads that need them wait); if they fail to, the facade is not ready.
     */
    public boolean ready() {
        return store.synced() && !hostCache.failed();
    }

    /**
     * How far behind the API server the caches that answer reads may be: zero while their watches run, else the time
     * since they last did (the API failing or unreachable). Reads keep being answered from the caches meanwhile.
     */
    public Duration cacheAge() {
        return freshness.age();
    }

    @Override
    public void close() {
        freshness.close();
        reconciling.close();
        hostCache.close();
        store.close();
        requestClient.close();
        transfers.close();
        nodes.close();
    }

    /**
     * The address of the host cluster's API server, as the hypervisor's {@code host_ip}: the host of the client's URL,
     * resolved once at start-up; {@code 0.0.0.0} when it does not resolve.
     */
    private static String apiServerAddress(KubernetesClient client) {
        try {
            return InetAddress.getByName(client.getMasterUrl().getHost()).getHostAddress();
        } catch (UnknownHostException e) {
            return "0.0.0.0";
        }
    }

    /**
     * The provisioner of {@code OVC_PROVISIONER}. Only the Helm one touches helm-java, so the manifest one never
     * loads its native library.
     */
    static VclusterProvisioner provisioner(KubernetesClient client, BackendSettings settings, HostCache hostCache,
                                           Supplier<HelmClient> helm) {
        if (settings.provisioner().kind() == ProvisionerSettings.Kind.MANIFEST) {
            return new ManifestProvisioner(client);
        }
        ChartSource chart = settings.provisioner().chart().orElseThrow();
        return new HelmProvisioner(helm.get(), chart,
                new ValuesOverlays(client, settings.namespace()),
                names -> hostCache.statefulSet(names.namespace(), names.statefulSet()).isPresent(),
                ChartArchives.identity(chart), new HelmAdoption(client)::stamp);
    }

}
