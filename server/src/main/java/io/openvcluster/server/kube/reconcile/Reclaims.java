package io.openvcluster.server.kube.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.records.RecordStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Nova's reclaim of soft-deleted servers (its periodic task {@code _reclaim_queued_deletes}): a server soft-deleted
 * for longer than the reclaim interval gets the delete intent, and its next pass tears it down as a {@code DELETE}
 * would. The interval counts from the soft delete's request. The delete recorded is that request's own, so the
 * history shows the one {@code delete} the user asked for, carried out now. With the interval at zero nothing is
 * reclaimed: servers soft-deleted before it was turned off stay until restored or force-deleted, as in Nova.
 *
 * <p>This is the one place the reconciler writes a spec: the reclaim is an intent, decided on the lease holder, with
 * the record's resourceVersion, so a restore or forceDelete accepted meanwhile wins (the write fails with 409 and the
 * next pass sees the newer record).
 */
final class Reclaims {
    private final KubernetesClient client;
    private final RecordStore store;
    private final WorkQueue queue;
    private final Duration interval;
    private final Clock clock;

    Reclaims(KubernetesClient client, RecordStore store, WorkQueue queue, Duration interval, Clock clock) {
        this.client = client;
        this.store = store;
        this.queue = queue;
        this.interval = interval;
        this.clock = clock;
    }

    /**
     * Records the delete of a soft-deleted server whose interval has passed; asks for another pass at the end of the
     * interval of one not due yet.
     *
     * @return true when the delete was recorded now (the record's update brings the teardown's pass)
     */
    boolean reclaimIfDue(ServerRecord record) {
        if (interval.isZero() || !Records.softDeleted(record) || Records.pendingAction(record).isPresent()
                || record.getSpec().getAction() == null) {
            return false; // not soft-deleted, or its soft delete not finished yet
        }
        ActionRequest softDelete = record.getSpec().getAction();
        Instant due = Instant.parse(softDelete.startTime()).plus(interval);
        Instant now = clock.instant();
        if (now.isBefore(due)) {
            queue.addLater(record.getMetadata().getName(), Duration.between(now, due));
            return false;
        }
        ServerRecord reclaimed = Records.copy(record);
        reclaimed.getSpec().setDeleteRequested(true);
        reclaimed.getSpec().setDeleteRequest(new ActionRequest(softDelete.action(), softDelete.requestId(),
                softDelete.userId(), softDelete.projectId(), softDelete.startTime(), ServerStates.DELETING, null, null,
                null));
        store.written(client.resources(ServerRecord.class).inNamespace(store.namespace()).resource(reclaimed)
                .update());
        return true;
    }
}
