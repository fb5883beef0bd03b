package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.ActionHistory;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.CrashDumpIntent;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The instance-action history of a server record as Nova shows it: the status's bounded history, plus the verb
 * and the lock or unlock recorded in the spec that the reconciler has not entered in the history yet (so an action
 * is listed from the moment its request returned 202).
 */
final class InstanceActions {
    private InstanceActions() {
    }

    static List<InstanceActionData> list(ServerHistory history, InstanceActionQuery query) {
        List<InstanceActionData> all = history.actions().stream()
                .map(a -> data(history.serverId(), a))
                .filter(a -> query.changesSince().map(t -> !a.updatedAt().isBefore(t)).orElse(true))
                .filter(a -> query.changesBefore().map(t -> !a.updatedAt().isAfter(t)).orElse(true))
                .toList();
        int from = 0;
        if (query.marker().isPresent()) {
            from = indexOf(all, query.marker().get()) + 1;
        }
        List<InstanceActionData> page = all.subList(from, all.size());
        return query.limit().filter(l -> l < page.size()).map(l -> page.subList(0, l)).orElse(page);
    }

    static InstanceActionData get(ServerHistory history, String requestId) {
        return history.actions().stream().filter(a -> a.requestId().equals(requestId)).findFirst()
                .map(a -> data(history.serverId(), a))
                .orElseThrow(() -> ApiException.notFound("Action " + requestId + " on instance "
                        + history.serverId() + " could not be found."));
    }

    private static int indexOf(List<InstanceActionData> actions, String marker) {
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i).requestId().equals(marker)) {
                return i;
            }
        }
        throw ApiException.badRequest("Marker " + marker + " could not be found.");
    }

    /**
     * Newest first: the recorded history, with the delete and the pending verb in front if they are not in it yet.
     */
    static List<ActionEvent> history(ServerRecord record) {
        List<ActionEvent> recorded = !Records.hasStatus(record) ? List.of(Records.createAction(record))
                : record.getStatus().getActions() == null ? List.of() : record.getStatus().getActions();
        Optional<ActionRequest> pending = Records.pendingAction(record)
                .filter(p -> recorded.stream().noneMatch(a -> a.requestId().equals(p.requestId())));
        Optional<ActionRequest> delete = Optional.ofNullable(record.getSpec().getDeleteRequest())
                .filter(d -> recorded.stream().noneMatch(a -> a.requestId().equals(d.requestId())));
        // a crash dump runs beside any verb (no task): listed from its 202 too
        Optional<ActionRequest> crashDump = Optional.ofNullable(record.getSpec().getCrashDump())
                .map(CrashDumpIntent::request)
                .filter(c -> recorded.stream().noneMatch(a -> a.requestId().equals(c.requestId())));
        List<ActionEvent> all = new ArrayList<>();
        delete.ifPresent(d -> all.add(d.started()));
        crashDump.ifPresent(c -> all.add(c.started()));
        pending.filter(p -> !p.resetsState()).ifPresent(p -> all.add(p.started()));
        all.addAll(recorded);
        // requests finished as soon as made: lock, unlock, and an admin's os-resetState
        List<ActionRequest> finished = new ArrayList<>(Optional.ofNullable(record.getSpec().getLockRequests())
                .orElse(List.of()));
        pending.filter(ActionRequest::resetsState).ifPresent(finished::add);
        return ActionHistory.withFinished(all, finished);
    }

    private static InstanceActionData data(String serverId, ActionEvent a) {
        Instant start = Instant.parse(a.startTime());
        List<InstanceActionData.Event> events = a.events().stream().map(e -> new InstanceActionData.Event(
                e.event(), Instant.parse(e.startTime()), Optional.ofNullable(e.finishTime()).map(Instant::parse),
                Optional.ofNullable(e.result()), Optional.ofNullable(e.details()))).toList();
        Instant updated = Stream.concat(Stream.of(start, a.finishTime() == null ? start : Instant.parse(a.finishTime())),
                        events.stream().flatMap(e -> Stream.concat(Stream.of(e.startTime()), e.finishTime().stream())))
                .max(Instant::compareTo).orElse(start);
        // Nova's action message is "Error" when the action failed, else null
        Optional<String> message = "Error".equals(a.result()) ? Optional.of("Error") : Optional.empty();
        return new InstanceActionData(a.action(), serverId, a.requestId(), a.userId(),
                a.projectId(), start, message, updated, events);
    }
}
