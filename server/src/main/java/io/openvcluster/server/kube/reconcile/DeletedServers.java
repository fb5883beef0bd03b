package io.openvcluster.server.kube.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.kube.crd.DeletedServerRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.records.CrdResources;
import io.openvcluster.server.kube.records.RecordStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What is kept of a deleted server for the retention time ({@code OVC_DELETED_SERVER_RETENTION}): a
 * {@link DeletedServerRecord}, written by the teardown before the server record goes, and deleted by the lease
 * holder's sweep once the retention has passed since the delete. Both steps can be repeated: a record already kept
 * is kept as it is (the first one written wins, so a teardown resumed after a crash does not change the delete's
 * time), and a sweep that meets a record already gone has nothing to do. At zero retention nothing is kept.
 */
final class DeletedServers {
    private static final System.Logger LOG = System.getLogger(DeletedServers.class.getName());
    /** The sweep runs this often at most (more often for a short retention), so a record outlives it by so much. */
    static final Duration LONGEST_SWEEP_PERIOD = Duration.ofMinutes(1);

    private final KubernetesClient client;
    private final RecordStore store;
    private final Duration retention;
    private final Clock clock;

    DeletedServers(KubernetesClient client, RecordStore store, Duration retention, Clock clock) {
        this.client = client;
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    /** Keeps what Nova keeps of {@code record}, unless kept already or the retention is zero. */
    void keep(ServerRecord record) {
        if (retention.isZero() || store.deletedServer(record.getMetadata().getName()).isPresent()) {
            return;
        }
        DeletedServerRecord kept = Records.deletedServer(record, clock.instant());
        CrdResources.createIfAbsent(() -> store.created(client.resource(kept).create()), false);
    }

    /** How often {@link #expire} runs: a tenth of the retention, at least a second, at most a minute. */
    Duration sweepPeriod() {
        Duration tenth = retention.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : tenth.compareTo(LONGEST_SWEEP_PERIOD) > 0 ? LONGEST_SWEEP_PERIOD : tenth;
    }

    /** Deletes every kept record whose retention has passed (all of them at zero retention). */
    void expire() {
        Instant now = clock.instant();
        for (DeletedServerRecord kept : store.allDeletedServers()) {
            try {
                if (!Instant.parse(kept.getSpec().getDeletedAt()).plus(retention).isAfter(now)) {
                    client.resource(kept).delete();
                    store.deleted(kept);
                }
            } catch (RuntimeException e) {
                // an API error: the next sweep tries again (and a failure never ends the sweeps: they are periodic)
                LOG.log(System.Logger.Level.WARNING, "deleted server " + kept.getMetadata().getName()
                        + " could not be expired: " + e.getMessage());
            }
        }
    }
}
