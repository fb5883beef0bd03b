package io.openvcluster.server.kube.progress;

import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One line at INFO on the logger {@value #LOGGER} for each host operation the reconciler records in a server's
 * instance action (Nova's instance action events): when it starts, with what it does, and when it ends, with its
 * result; and when the action ends. Each line names the server, the action and the request id that caused it, the one
 * the client's call returned, so {@code grep req-…} finds the call's access line and every host operation it led to.
 * Read from the actions as written, once the write succeeded: what is logged is what the status says. A create's and a
 * delete's objects, which are no action's events, are logged by the reconciler with {@link #performed}.
 */
public final class HostOperationLog {
    public static final String LOGGER = "io.openvcluster.host";
    private static final Logger LOG = Logger.getLogger(LOGGER);

    private HostOperationLog() {
    }

    /**
     * A host operation that is not an event of an instance action (a create's and a delete's objects), with the
     * request that caused it when there is one.
     */
    public static void performed(String what, Optional<String> requestId) {
        LOG.info(() -> what + requestId.map(r -> " (request " + r + ")").orElse(""));
    }

    /**
     * The request a server's host operations serve now: its pending verb's, else its running action's, else (before
     * its first status) its create's.
     */
    public static Optional<String> cause(ServerRecord record) {
        return Records.runningAction(record).map(ActionEvent::requestId)
                .or(() -> Records.hasStatus(record) ? Optional.empty()
                        : Optional.ofNullable(record.getSpec().getCreateRequestId()));
    }

    /** Logs what {@code after} (the actions written) adds to {@code before} (the actions as they were). */
    public static void written(String serverId, List<ActionEvent> before, List<ActionEvent> after) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        Map<String, ActionEvent> earlier = (before == null ? List.<ActionEvent>of() : before).stream().collect(Collectors.toMap(ActionEvent::requestId,
                Function.identity(), (a, b) -> a));
        for (ActionEvent action : after == null ? List.<ActionEvent>of() : after) {
            Optional<ActionEvent> was = Optional.ofNullable(earlier.get(action.requestId()));
            String prefix = action.action() + " " + action.requestId() + ": ";
            for (ActionEvent.HostEvent event : action.events()) {
                Optional<ActionEvent.HostEvent> old = was.flatMap(a -> a.events().stream()
                        .filter(e -> e.event().equals(event.event())).findFirst());
                if (old.isEmpty()) {
                    LOG.info(prefix + event.event() + " started"
                            + (event.details() == null ? "" : ": " + event.details()));
                }
                if (event.finished() && !old.map(ActionEvent.HostEvent::finished).orElse(false)) {
                    LOG.info(prefix + event.event() + " " + event.result());
                }
            }
            if (action.finished() && !was.map(ActionEvent::finished).orElse(false)) {
                LOG.info(prefix + "ended " + action.result() + (action.message() == null ? ""
                        : ": " + action.message()));
            }
        }
    }
}
