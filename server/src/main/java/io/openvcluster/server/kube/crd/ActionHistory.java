package io.openvcluster.server.kube.crd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Rules of the bounded, newest-first instance-action history kept in a server's status. */
public final class ActionHistory {
    private ActionHistory() {
    }

    /** The history with every request of {@code requests} entered as by {@link #withFinished(List, ActionRequest)}. */
    public static List<ActionEvent> withFinished(List<ActionEvent> actions, List<ActionRequest> requests) {
        List<ActionEvent> result = actions == null ? List.of() : actions;
        for (ActionRequest request : requests == null ? List.<ActionRequest>of() : requests) {
            result = withFinished(result, request);
        }
        return result;
    }

    /** The lock requests with {@code request} added first, bounded to {@link Records#MAX_LOCK_REQUESTS}. */
    public static List<ActionRequest> prepend(List<ActionRequest> requests, ActionRequest request) {
        List<ActionRequest> result = new ArrayList<>();
        result.add(request);
        if (requests != null) {
            result.addAll(requests.subList(0, Math.min(requests.size(), Records.MAX_LOCK_REQUESTS - 1)));
        }
        return result;
    }

    /**
     * The history with {@code request} entered first as a started action (delete: it ends with the record), bounded
     * to {@link Records#MAX_ACTIONS}, unless it is already there.
     */
    public static List<ActionEvent> withStarted(List<ActionEvent> actions, ActionRequest request) {
        List<ActionEvent> current = actions == null ? List.of() : actions;
        if (current.stream().anyMatch(a -> a.requestId().equals(request.requestId()))) {
            return current;
        }
        List<ActionEvent> result = new ArrayList<>();
        result.add(request.started());
        result.addAll(current.subList(0, Math.min(current.size(), Records.MAX_ACTIONS - 1)));
        return result;
    }

    /**
     * The history with {@code request} entered as a finished, successful action (lock, unlock: no host operation),
     * in start-time order, unless it is already there.
     */
    public static List<ActionEvent> withFinished(List<ActionEvent> actions, ActionRequest request) {
        List<ActionEvent> current = actions == null ? List.of() : actions;
        if (current.stream().anyMatch(a -> a.requestId().equals(request.requestId()))) {
            return current;
        }
        ActionEvent entry = new ActionEvent(request.action(), request.requestId(), request.userId(),
                request.projectId(), request.startTime(), request.startTime(), "Success", null);
        Instant start = Instant.parse(request.startTime());
        List<ActionEvent> result = new ArrayList<>(current);
        int at = 0;
        while (at < result.size() && Instant.parse(result.get(at).startTime()).isAfter(start)) {
            at++;
        }
        result.add(at, entry);
        return result.size() > Records.MAX_ACTIONS ? result.subList(0, Records.MAX_ACTIONS) : result;
    }
}
