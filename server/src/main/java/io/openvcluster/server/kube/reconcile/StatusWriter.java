package io.openvcluster.server.kube.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.FaultRecord;
import io.openvcluster.server.kube.crd.PassFailure;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.progress.ActionProgress;
import io.openvcluster.server.kube.progress.HostOperationLog;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.translator.DerivedState;
import io.openvcluster.translator.NovaStates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Writes a server's status subresource from a derived state, only when something changed, with the record's
 * resourceVersion (a concurrent write makes this one fail with 409; the reconciler retries on the new record).
 * It also keeps the bookkeeping Nova shows: launched_at and "ever active" on the first ACTIVE, the fault of an
 * ERROR, and the end of the running create action.
 */
final class StatusWriter {
    /** Nova reports build and host failures with code 500 in the server's fault. */
    private static final int FAULT_CODE = 500;
    /** How long the record of a failed pass stands before the same kind of failure replaces it. */
    private static final Duration FAILURE_REWRITE = Duration.ofMinutes(1);

    private final KubernetesClient client;
    private final RecordStore store;
    private final Clock clock;
    private final KubernetesSerialization serialization;

    StatusWriter(KubernetesClient client, RecordStore store, Clock clock) {
        this.client = client;
        this.store = store;
        this.clock = clock;
        this.serialization = client.getKubernetesSerialization();
    }

    /** @return the record as written, or empty when the status was already up to date */
    Optional<ServerRecord> write(ServerRecord record, DerivedState derived, Optional<String> clusterIp,
                                 Long observedGeneration) {
        return write(record, derived, clusterIp, observedGeneration, (status, now) -> { });
    }

    /**
     * As {@link #write(ServerRecord, DerivedState, Optional, Long)}, with the instance-action bookkeeping of a
     * power verb ({@link ActionProgress}) applied to the status before it is compared and written.
     */
    Optional<ServerRecord> write(ServerRecord record, DerivedState derived, Optional<String> clusterIp,
                                 Long observedGeneration, BiConsumer<ServerStatus, String> bookkeeping) {
        ServerStatus old = Records.hasStatus(record) ? record.getStatus() : null;
        ServerStatus next = old == null ? Records.initialStatus(record) : old.copy();
        String now = clock.instant().toString();
        next.setVmState(derived.vmState());
        next.setTaskState(derived.taskState().orElse(null));
        next.setPowerState(derived.powerState());
        next.setFault(derived.fault()
                .map(message -> old != null && old.getFault() != null && message.equals(old.getFault().message())
                        ? old.getFault()
                        : new FaultRecord(FAULT_CODE, message, "", now))
                .orElse(null));
        clusterIp.ifPresent(next::setClusterIP);
        next.setObservedGeneration(observedGeneration);
        // this pass got as far as the status: an earlier failure is over
        next.setLastPassFailure(null);
        if (NovaStates.VM_ACTIVE.equals(derived.vmState()) && !next.isEverActive()) {
            next.setEverActive(true);
            next.setLaunchedAt(now);
            next.setActions(finish(next.getActions(), "create", now, "Success", null));
        }
        if (NovaStates.VM_ERROR.equals(derived.vmState())) {
            next.setActions(finish(next.getActions(), "create", now, "Error", derived.fault().orElse(null)));
        }
        bookkeeping.accept(next, now);
        // a steady server's pass ends here: field by field first (cheap), then as the stored JSON would compare (a
        // value that differs only in how it is held, e.g. no list and an empty one, is not worth a write)
        if (old != null && (old.equals(next) || tree(old).equals(tree(next)))) {
            return Optional.empty();
        }
        if (old == null || !Objects.equals(old.getVmState(), next.getVmState())
                || !Objects.equals(old.getTaskState(), next.getTaskState()) || old.getPowerState() != next.getPowerState()) {
            next.setUpdatedAt(now);
        }
        ServerRecord changed = Records.copy(record);
        changed.setStatus(next);
        ServerRecord written = client.resources(ServerRecord.class).inNamespace(store.namespace())
                .resource(changed).updateStatus();
        HostOperationLog.written(record.getMetadata().getName(), old == null ? List.of() : old.getActions(),
                next.getActions());
        return Optional.of(store.written(written));
    }

    /**
     * Records a failed pass in the status for an admin's diagnostics: a failure of another kind at once, the same kind
     * again at most once a minute (each write wakes the reconciler, and a message may differ at every attempt). Best
     * effort: with the API failing this write fails too, and the log has the failure.
     */
    void passFailed(String serverId, String kind, String message) {
        Optional<ServerRecord> found = store.server(serverId).filter(Records::hasStatus);
        Optional<PassFailure> known = found.map(r -> r.getStatus().getLastPassFailure());
        if (found.isEmpty() || known.filter(k -> k.kind().equals(kind)
                && Instant.parse(k.time()).plus(FAILURE_REWRITE).isAfter(clock.instant())).isPresent()) {
            return;
        }
        ServerRecord changed = Records.copy(found.get());
        changed.getStatus().setLastPassFailure(new PassFailure(kind, message, clock.instant().toString()));
        try {
            store.written(client.resources(ServerRecord.class).inNamespace(store.namespace()).resource(changed)
                    .updateStatus());
        } catch (KubernetesClientException e) {
            System.getLogger(StatusWriter.class.getName()).log(System.Logger.Level.DEBUG,
                    "cannot record the failed pass of " + serverId + ": " + e.getMessage());
        }
    }

    /** Ends the newest unfinished action named {@code action}, if any. */
    static List<ActionEvent> finish(List<ActionEvent> actions, String action, String time, String result, String message) {
        List<ActionEvent> updated = new ArrayList<>(actions);
        for (int i = 0; i < updated.size(); i++) {
            ActionEvent event = updated.get(i);
            if (event.action().equals(action) && !event.finished()) {
                updated.set(i, event.finish(time, result, message));
                break;
            }
        }
        return updated;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> tree(ServerStatus status) {
        return serialization.convertValue(status, Map.class);
    }
}
