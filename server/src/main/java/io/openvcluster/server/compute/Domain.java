package io.openvcluster.server.compute;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.archives.ArchiveStore;
import io.openvcluster.server.archives.ArchiveStores;
import io.openvcluster.server.kube.host.ConsoleLogs;
import io.openvcluster.server.kube.host.HostDiagnostics;
import io.openvcluster.server.kube.host.HostNodes;
import io.openvcluster.server.kube.host.HostReads;
import io.openvcluster.server.kube.records.ImageDeletions;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The compute domain, one service per resource, each served by its own HTTP service: servers and their actions,
 * server attributes (metadata and tags), the catalog (flavors and images), quotas and limits, key pairs, remote
 * consoles, security groups, the fleet and server groups, an admin's server diagnostics; and the projects' gauges.
 * Every call checks its guards against the cached records, records the caller's intent in a custom resource and
 * returns; the reconciler does the work on the host.
 */
public record Domain(ServerService servers, ServerAttributeService attributes, CatalogService catalog,
                     QuotaService quotas, KeyPairService keyPairs, ConsoleService consoles,
                     SecurityGroupService securityGroups, Fleet fleet, ServerGroups serverGroups,
                     ProjectMeters projectMeters, ServerDiagnostics diagnostics) {

    /**
     * @param client         the client requests write with (its calls are timed for {@code Server-Timing})
     * @param hosts          the host objects a request reads (consoles, snapshot credentials), from the informer caches
     * @param wakeReconciler asks for a pass over a server after its intent is recorded
     * @param reclaimInterval how long a deleted server is kept soft-deleted (Nova's deferred delete); zero: not at all
     * @param shelvedOffloadTime how long a shelved server keeps its host objects: zero offloads at once, negative never
     * @param archives       the snapshot store as the facade reaches it (Glance's image uploads and downloads)
     * @param transfers      the bounds of those uploads and downloads
     * @param replica        this replica's name, on the uploads it reads (their crash recovery)
     * @param host           the host cluster's Nova name and zone
     * @param nodes          its nodes, for the hypervisor's size
     * @param hostIp         the address of its API server
     */
    public static Domain on(KubernetesClient client, RecordStore store, HostReads hosts,
                            Consumer<String> wakeReconciler, QuotaSet quotaDefaults, SnapshotStore snapshotStore,
                            Duration reclaimInterval, Duration shelvedOffloadTime, Clock clock,
                            ArchiveStore archives, ImageTransferLimits transfers, String replica,
                            Fleet.HostCluster host, HostNodes nodes, String hostIp) {
        RecordWriter writer = new RecordWriter(client, store);
        Fleet fleet = new Fleet(client, store, host, nodes, hostIp, clock);
        ServerRecords records = new ServerRecords(store, writer, clock, fleet::hostOf, fleet::placedHost);
        Catalog catalog = new Catalog(client, store, writer, clock,
                new ImageDeletions(client, store, hosts::snapshotCredentials, clock));
        RemoteConsoles consoles = new RemoteConsoles(client, store, hosts, clock);
        ProjectQuotas quotas = new ProjectQuotas(client, store, writer, quotaDefaults);
        ServerGroups serverGroups = new ServerGroups(client, store, writer, quotas, clock);
        KeyPairs keyPairs = new KeyPairs(client, store, quotas, clock);
        ServerSnapshots snapshots = new ServerSnapshots(client, store, writer, snapshotStore, shelvedOffloadTime,
                wakeReconciler, clock, ServerRecords::notFound);
        SecurityGroups groups = new SecurityGroups(client, store, writer, quotas, wakeReconciler, clock);
        ServerSecurityGroups memberships = new ServerSecurityGroups(records, groups, wakeReconciler);
        ServerVerbs verbs = new ServerVerbs(writer, wakeReconciler, clock, ServerRecords::notFound);
        ServerService servers = new ServerService(records,
                new ServerCreation(client, records, catalog, quotas, keyPairs, memberships, wakeReconciler,
                        clock, fleet, serverGroups), verbs,
                new ServerDeletes(writer, verbs, quotas, reclaimInterval, wakeReconciler, clock,
                        ServerRecords::notFound),
                new ServerShelves(store, writer, quotas, wakeReconciler, clock, ServerRecords::notFound, fleet),
                new ServerResizes(writer, catalog, quotas, wakeReconciler, clock, ServerRecords::notFound),
                snapshots,
                new ServerRebuilds(writer, catalog, wakeReconciler, clock, ServerRecords::notFound), memberships,
                consoles, new ServerCrashDumps(writer, snapshotStore, new ArchiveStores(), hosts::snapshotCredentials,
                        wakeReconciler, clock), new ConsoleLogs(client), wakeReconciler, clock);
        ImageUploads uploads = new ImageUploads(catalog, store, writer, archives, hosts::snapshotCredentials,
                snapshotStore, transfers, replica, clock);
        return new Domain(servers, new ServerAttributeService(records, quotas),
                new CatalogService(catalog, new ImageCreation(client, store, clock), uploads),
                new QuotaService(quotas), new KeyPairService(keyPairs), new ConsoleService(records, consoles),
                new SecurityGroupService(groups, records, memberships), fleet, serverGroups,
                new ProjectMeters(store, quotas, clock),
                new ServerDiagnostics(records, new HostDiagnostics(client, hosts), clock));
    }
}
