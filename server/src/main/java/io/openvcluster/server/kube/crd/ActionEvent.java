package io.openvcluster.server.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a server's instance-action history (Nova {@code os-instance-actions}); times are ISO-8601 instants,
 * {@code finishTime} and {@code result} ("Success"/"Error") are null while the action runs. {@code events} are the
 * host operations performed for the action, in the order they started (Nova's instance action events).
 */
public record ActionEvent(
        String action,
        String requestId,
        String userId,
        String projectId,
        String startTime,
        String finishTime,
        String result,
        String message,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HostEvent> events) {

    /**
     * The action's name, its result and the caller's ids repeat across servers: one instance each
     * ({@link SharedStrings}).
     */
    public ActionEvent {
        action = SharedStrings.shared(action);
        userId = SharedStrings.shared(userId);
        projectId = SharedStrings.shared(projectId);
        result = SharedStrings.shared(result);
        events = events == null ? List.of() : List.copyOf(events);
    }

    public ActionEvent(String action, String requestId, String userId, String projectId, String startTime,
                       String finishTime, String result, String message) {
        this(action, requestId, userId, projectId, startTime, finishTime, result, message, List.of());
    }

    public boolean finished() {
        return finishTime != null;
    }

    /** Ends the action, and every event still running with the same outcome. */
    public ActionEvent finish(String time, String outcome, String why) {
        List<HostEvent> ended = events.stream().map(e -> e.finished() ? e : e.finish(time, outcome)).toList();
        return new ActionEvent(action, requestId, userId, projectId, startTime, time, outcome, why, ended);
    }

    /** The action with one more (running) event, unless an event of that name is already recorded. */
    public ActionEvent withEvent(String event, String time, String details) {
        if (hasEvent(event)) {
            return this;
        }
        List<HostEvent> more = new ArrayList<>(events);
        more.add(new HostEvent(event, time, null, null, details));
        return new ActionEvent(action, requestId, userId, projectId, startTime, finishTime, result, message, more);
    }

    public boolean hasEvent(String event) {
        return events.stream().anyMatch(e -> e.event().equals(event));
    }

    /**
     * One host operation of an action (Nova's instance action event): {@code event} names the operation
     * ({@code vcluster_pause}, {@code restart_control_plane}, ...; see docs/verbs.md), {@code details} says what it did.
     */
    public record HostEvent(String event, String startTime, String finishTime, String result, String details) {
        public boolean finished() {
            return finishTime != null;
        }

        public HostEvent finish(String time, String outcome) {
            return new HostEvent(event, startTime, time, outcome, details);
        }
    }
}
