package io.openvcluster.server.kube.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.PowerIntents;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.crd.SnapshotIntent;
import io.openvcluster.server.kube.records.RecordStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Intents that Nova's periodic tasks record once a time has passed, counted from the request that began it. These
 * are the only spec writes the reconciler makes; each runs on the lease holder and carries the record's
 * resourceVersion, so a verb accepted meanwhile (a restore, an unshelve) wins: the write fails with 409 and the next
 * pass sees the newer record.
 * <ul>
 *   <li><b>Reclaim</b> ({@code reclaim_instance_interval}, Nova's {@code _reclaim_queued_deletes}): a server
 *       soft-deleted longer than the interval gets the delete intent, and its next pass tears it down as a
 *       {@code DELETE} would. The delete recorded is the soft delete's own request, so the history shows the one
 *       {@code delete} the user asked for. At zero nothing is reclaimed: servers soft-deleted before stay until
 *       restored or force-deleted, as in Nova.</li>
 *   <li><b>Offload</b> ({@code shelved_offload_time} when positive, Nova's {@code _poll_shelved_instances}): a
 *       server shelved longer gets the power intent SHELVED_OFFLOADED, and the power operations delete its host
 *       objects. Zero offloads within the shelve itself, a negative time never; a shelve image on the vcluster's own
 *       volume ({@code container://}) is never offloaded.</li>
 * </ul>
 */
final class TimedIntents {
    private final KubernetesClient client;
    private final RecordStore store;
    private final WorkQueue queue;
    private final Duration reclaimInterval;
    private final Duration offloadTime;
    private final Clock clock;

    TimedIntents(KubernetesClient client, RecordStore store, WorkQueue queue, Duration reclaimInterval,
                 Duration offloadTime, Clock clock) {
        this.client = client;
        this.store = store;
        this.queue = queue;
        this.reclaimInterval = reclaimInterval;
        this.offloadTime = offloadTime;
        this.clock = clock;
    }

    /** @return true when an intent was recorded now (the record's update brings the next pass) */
    boolean recordIfDue(ServerRecord record) {
        return reclaimIfDue(record) || offloadIfDue(record);
    }

    private boolean reclaimIfDue(ServerRecord record) {
        ActionRequest softDelete = record.getSpec().getAction();
        if (reclaimInterval.isZero() || !Records.softDeleted(record) || Records.pendingAction(record).isPresent()
                || softDelete == null || !"delete".equals(softDelete.action())) {
            // not soft-deleted, or its soft delete not finished yet, or an admin's os-resetState came after it
            return false;
        }
        return writeWhenDue(record, Instant.parse(softDelete.startTime()).plus(reclaimInterval), spec -> {
            spec.setDeleteRequested(true);
            spec.setDeleteRequest(new ActionRequest(softDelete.action(), softDelete.requestId(), softDelete.userId(),
                    softDelete.projectId(), softDelete.startTime(), ServerStates.DELETING, null, null, null));
        });
    }

    private boolean offloadIfDue(ServerRecord record) {
        ActionRequest shelve = record.getSpec().getAction();
        SnapshotIntent snapshot = record.getSpec().getSnapshot();
        if (!offloadTime.isPositive() || !PowerIntents.SHELVED.equals(PowerIntents.onHost(record)) || shelve == null
                || snapshot == null || Records.pendingAction(record).isPresent()
                || snapshot.url().startsWith("container://")) {
            return false; // not shelved (or still shelving), or never offloaded
        }
        return writeWhenDue(record, Instant.parse(shelve.startTime()).plus(offloadTime),
                spec -> spec.setPowerIntent(PowerIntents.SHELVED_OFFLOADED));
    }

    /** The change written now if {@code due} has passed; otherwise another pass asked for at {@code due}. */
    private boolean writeWhenDue(ServerRecord record, Instant due, Consumer<ServerSpec> change) {
        Instant now = clock.instant();
        if (now.isBefore(due)) {
            queue.addLater(record.getMetadata().getName(), Duration.between(now, due));
            return false;
        }
        ServerRecord changed = Records.copy(record);
        change.accept(changed.getSpec());
        store.written(client.resources(ServerRecord.class).inNamespace(store.namespace()).resource(changed).update());
        return true;
    }
}
