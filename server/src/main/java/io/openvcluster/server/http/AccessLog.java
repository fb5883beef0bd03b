package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.Json;
import io.openvcluster.server.identity.Caller;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One line per request, once its response is sent, on the logger {@value #LOGGER} at INFO: the request id (the one
 * the client prints with an error), method, path, route, status, duration with the Kubernetes and facade parts of
 * {@code Server-Timing}, and the caller's project and user. {@code OVC_ACCESS_LOG_FORMAT=json} writes each line as one
 * JSON object for a log shipper; the default is a line for people. Never the query string, the body or a header (a
 * token or password is never logged).
 */
public final class AccessLog {
    public static final String LOGGER = "io.openvcluster.access";
    private static final Logger LOG = Logger.getLogger(LOGGER);

    /** How the line is written. */
    public enum Format {
        TEXT, JSON;

        /** {@code OVC_ACCESS_LOG_FORMAT}: {@code text} (default) or {@code json}. */
        public static Format of(Optional<String> setting) {
            return setting.map(s -> s.strip().toLowerCase(Locale.ROOT)).map(s -> switch (s) {
                case "json" -> JSON;
                case "text", "" -> TEXT;
                default -> throw new IllegalArgumentException("OVC_ACCESS_LOG_FORMAT must be text or json, got '"
                        + s + "'");
            }).orElse(TEXT);
        }
    }

    private static volatile Format format = Format.TEXT;

    private AccessLog() {
    }

    /** Set once at start-up from the settings. */
    public static void format(Format chosen) {
        format = chosen;
    }

    /**
     * Writes the line of a request whose response was sent.
     *
     * @param state the request's state as it was while the response was made (its id, its caller)
     */
    static void sent(ServerRequest req, ServerResponse res, Optional<RequestContext.State> state, long kubeNanos,
                     long totalNanos) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        String requestId = state.map(RequestContext.State::requestId).orElse("-");
        Optional<Caller> caller = state.flatMap(RequestContext.State::callerIfAny);
        String method = req.prologue().method().text();
        String path = req.prologue().uriPath().rawPath();
        String route = req.matchingPattern().orElse("-");
        int status = res.status().code();
        LOG.info(format == Format.JSON
                ? json(requestId, method, path, route, status, kubeNanos, totalNanos, caller)
                : text(requestId, method, path, route, status, kubeNanos, totalNanos, caller));
    }

    static String text(String requestId, String method, String path, String route, int status, long kubeNanos,
                       long totalNanos, Optional<Caller> caller) {
        return requestId + " " + method + " " + path + " " + status + " " + millis(totalNanos) + " ms (kube "
                + millis(kubeNanos) + " ms) route=" + route + " project=" + caller.map(Caller::projectId).orElse("-")
                + " user=" + caller.map(Caller::userId).orElse("-");
    }

    static String json(String requestId, String method, String path, String route, int status, long kubeNanos,
                       long totalNanos, Optional<Caller> caller) {
        ObjectNode line = Json.object().put("request_id", requestId).put("method", method).put("path", path)
                .put("route", route).put("status", status).put("duration_ms", millisValue(totalNanos))
                .put("kube_ms", millisValue(kubeNanos))
                .put("app_ms", millisValue(Math.max(0, totalNanos - kubeNanos)));
        caller.ifPresent(c -> line.put("project_id", c.projectId()).put("user_id", c.userId()));
        return line.toString();
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1_000_000.0);
    }

    private static double millisValue(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
