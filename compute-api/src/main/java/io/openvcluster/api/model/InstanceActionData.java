package io.openvcluster.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One instance action (Nova {@code os-instance-actions}): the API call that started it and, for the show call,
 * its events (the host operations it performed).
 *
 * @param updatedAt when the action last changed (its last event started or finished); Nova's {@code updated_at}
 */
public record InstanceActionData(
        String action,
        String instanceUuid,
        String requestId,
        String userId,
        String projectId,
        Instant startTime,
        Optional<String> message,
        Instant updatedAt,
        List<Event> events) {

    public InstanceActionData {
        Objects.requireNonNull(message, "message");
        events = List.copyOf(events);
    }

    /**
     * One event of an action.
     *
     * @param event   the operation ({@code vcluster_pause}, ...)
     * @param result  {@code Success} or {@code Error} once finished
     * @param details what the operation did on the host (Nova 2.84 {@code details})
     */
    public record Event(String event, Instant startTime, Optional<Instant> finishTime, Optional<String> result,
                        Optional<String> details) {
        public Event {
            Objects.requireNonNull(finishTime, "finishTime");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(details, "details");
        }
    }
}
