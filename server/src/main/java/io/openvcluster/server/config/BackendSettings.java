package io.openvcluster.server.config;

import io.openvcluster.server.compute.ImageTransferLimits;
import io.openvcluster.server.compute.QuotaSet;
import io.openvcluster.server.kube.provision.ProvisionerSettings;
import io.openvcluster.server.kube.reconcile.LeaderElectionSettings;
import io.openvcluster.server.kube.snapshot.SnapshotStore;
import java.time.Duration;

/**
 * How the Kubernetes side runs.
 *
 * @param namespace     the facade's namespace, holding the records (default {@code openvcluster-system})
 * @param installCrds   create our CRDs when missing (needs cluster-level rights; off in least-privilege installs,
 *                      where the Helm chart installs them)
 * @param seedCatalog   create the default flavors and images when missing
 * @param resyncPeriod  how often every server is reconciled even without events (10 s on a cluster, 1 s sandbox)
 * @param instanceQuota servers allowed per project (Nova's default instances quota is 10)
 * @param leaderElection whether this replica competes for the reconciler's lease (off by default)
 * @param snapshotStore where createImage has vcluster write snapshots ({@code OVC_SNAPSHOT_STORE}, default
 *                      {@code container:///data/snapshots}) and the Secret with its credentials
 * @param provisioner   how vclusters are put on the host: manifests (default) or a Helm release
 * @param passDeadline  how long one reconcile pass over one server may run ({@code OVC_RECONCILE_PASS_DEADLINE_MS},
 *                      {@value #DEFAULT_PASS_DEADLINE_MS} ms by default: a pass makes a few dozen Kubernetes calls at
 *                      most, each bounded by the client's request timeout, or one Helm command, which does not wait
 *                      for pods)
 * @param reclaimInterval Nova's {@code reclaim_instance_interval} ({@code OVC_RECLAIM_INSTANCE_INTERVAL}, seconds):
 *                      how long a deleted server is kept soft-deleted, restorable, before the reconciler deletes it;
 *                      zero (the default) deletes at once
 * @param shelvedOffloadTime Nova's {@code shelved_offload_time} ({@code OVC_SHELVED_OFFLOAD_TIME}, seconds): how long a
 *                      shelved server keeps its host objects before they are deleted; zero (the default) offloads at
 *                      once, negative never
 * @param deletedServerRetention how long a deleted server's id, name, project and instance actions stay readable
 *                      ({@code OVC_DELETED_SERVER_RETENTION}, seconds, {@value #DEFAULT_DELETED_SERVER_RETENTION_S} by
 *                      default): Nova shows them from 2.21 and lists deleted servers to {@code changes-since}; zero
 *                      keeps nothing
 * @param imageTransfers the bounds of Glance's image uploads and downloads ({@link ImageTransferLimits})
 * @param host          the host cluster's Nova name and availability zone ({@link HostSettings})
 */
public record BackendSettings(String namespace, boolean installCrds, boolean seedCatalog, Duration resyncPeriod,
                              int instanceQuota, LeaderElectionSettings leaderElection, SnapshotStore snapshotStore,
                              ProvisionerSettings provisioner, Duration passDeadline, Duration reclaimInterval,
                              Duration shelvedOffloadTime, Duration deletedServerRetention,
                              ImageTransferLimits imageTransfers, HostSettings host) {
    public static final String DEFAULT_NAMESPACE = "openvcluster-system";
    public static final int DEFAULT_PASS_DEADLINE_MS = 60_000;
    /** Seven days. */
    public static final int DEFAULT_DELETED_SERVER_RETENTION_S = 604_800;

    public BackendSettings {
        if (passDeadline.isNegative() || passDeadline.isZero()) {
            throw new IllegalArgumentException("the reconcile pass deadline must be positive, got "
                    + passDeadline.toMillis() + " ms");
        }
        if (reclaimInterval.isNegative()) {
            // the setting's negative values (off, as in Nova) are read as zero before they get here
            throw new IllegalArgumentException("the reclaim interval must be 0 (off) or positive, got "
                    + reclaimInterval.toSeconds() + " s");
        }
        if (deletedServerRetention.isNegative()) {
            throw new IllegalArgumentException("the deleted server retention must be 0 (keep nothing) or positive, got "
                    + deletedServerRetention.toSeconds() + " s");
        }
    }

    /** With the default pass deadline. */
    public BackendSettings(String namespace, boolean installCrds, boolean seedCatalog, Duration resyncPeriod,
                           int instanceQuota, LeaderElectionSettings leaderElection, SnapshotStore snapshotStore,
                           ProvisionerSettings provisioner) {
        this(namespace, installCrds, seedCatalog, resyncPeriod, instanceQuota, leaderElection, snapshotStore,
                provisioner, Duration.ofMillis(DEFAULT_PASS_DEADLINE_MS), Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(DEFAULT_DELETED_SERVER_RETENTION_S), ImageTransferLimits.defaults(),
                HostSettings.defaults());
    }

    /** With the manifest provisioner. */
    public BackendSettings(String namespace, boolean installCrds, boolean seedCatalog, Duration resyncPeriod,
                           int instanceQuota, LeaderElectionSettings leaderElection, SnapshotStore snapshotStore) {
        this(namespace, installCrds, seedCatalog, resyncPeriod, instanceQuota, leaderElection, snapshotStore,
                ProvisionerSettings.manifest());
    }

    /** Without leader election, with the default snapshot store: this replica reconciles on its own. */
    public BackendSettings(String namespace, boolean installCrds, boolean seedCatalog, Duration resyncPeriod,
                           int instanceQuota) {
        this(namespace, installCrds, seedCatalog, resyncPeriod, instanceQuota, LeaderElectionSettings.disabled(),
                SnapshotStore.containerDefault());
    }

    public static BackendSettings defaults() {
        return new BackendSettings(DEFAULT_NAMESPACE, true, true, Duration.ofSeconds(10), 10);
    }

    public static BackendSettings sandbox() {
        return new BackendSettings(DEFAULT_NAMESPACE, true, true, Duration.ofSeconds(1), 10);
    }

    /**
     * The limits every project starts with: Nova's defaults (20 cores, 51200 MiB of RAM, 100 key pairs,
     * 128 metadata items, 10 server groups...), with {@link #instanceQuota} instances. An admin changes a project's
     * limits with {@code PUT /os-quota-sets/{project}}.
     */
    public QuotaSet quotaDefaults() {
        return QuotaSet.novaDefaults("defaults", instanceQuota);
    }

    public BackendSettings withInstanceQuota(int quota) {
        return new BackendSettings(namespace, installCrds, seedCatalog, resyncPeriod, quota, leaderElection,
                snapshotStore, provisioner, passDeadline, reclaimInterval, shelvedOffloadTime,
                deletedServerRetention, imageTransfers, host);
    }

    public BackendSettings withLeaderElection(LeaderElectionSettings election) {
        return new BackendSettings(namespace, installCrds, seedCatalog, resyncPeriod, instanceQuota, election,
                snapshotStore, provisioner, passDeadline, reclaimInterval, shelvedOffloadTime,
                deletedServerRetention, imageTransfers, host);
    }

    public BackendSettings withSnapshotStore(SnapshotStore store) {
        return new BackendSettings(namespace, installCrds, seedCatalog, resyncPeriod, instanceQuota, leaderElection,
                store, provisioner, passDeadline, reclaimInterval, shelvedOffloadTime,
                deletedServerRetention, imageTransfers, host);
    }

    public BackendSettings withProvisioner(ProvisionerSettings settings) {
        return new BackendSettings(namespace, installCrds, seedCatalog, resyncPeriod, instanceQuota, leaderElection,
                snapshotStore, settings, passDeadline, reclaimInterval, shelvedOffloadTime,
                deletedServerRetention, imageTransfers, host);
    }

    public BackendSettings withReclaimInterval(Duration interval) {
        return new BackendSettings(namespace, installCrds, seedCatalog, resyncPeriod, instanceQuota, leaderElection,
                snapshotStore, provisioner, passDeadline, interval, shelvedOffloadTime,
                deletedServerRetention, imageTransfers, host);
    }

    public BackendSettings withShelvedOffloadTime(Duration offloadTime) {
        return new BackendSettings(namespace, installCrds, seedCatalog, resyncPeriod, instanceQuota, leaderElection,
                snapshotStore, provisioner, passDeadline, reclaimInterval, offloadTime,
                deletedServerRetention, imageTransfers, host);
    }

    public BackendSettings withDeletedServerRetention(Duration retention) {
        return new BackendSettings(namespace, installCrds, seedCatalog, resyncPeriod, instanceQuota, leaderElection,
                snapshotStore, provisioner, passDeadline, reclaimInterval, shelvedOffloadTime, retention, imageTransfers,
                host);
    }

    public BackendSettings withImageTransfers(ImageTransferLimits limits) {
        return new BackendSettings(namespace, installCrds, seedCatalog, resyncPeriod, instanceQuota, leaderElection,
                snapshotStore, provisioner, passDeadline, reclaimInterval, shelvedOffloadTime,
                deletedServerRetention, limits, host);
    }

    public BackendSettings withPassDeadline(Duration deadline) {
        return new BackendSettings(namespace, installCrds, seedCatalog, resyncPeriod, instanceQuota, leaderElection,
                snapshotStore, provisioner, deadline, reclaimInterval, shelvedOffloadTime,
                deletedServerRetention, imageTransfers, host);
    }

    public BackendSettings withHost(HostSettings settings) {
        return new BackendSettings(namespace, installCrds, seedCatalog, resyncPeriod, instanceQuota, leaderElection,
                snapshotStore, provisioner, passDeadline, reclaimInterval, shelvedOffloadTime,
                deletedServerRetention, imageTransfers, settings);
    }
}
