package io.openvcluster.server.observe;

import io.helidon.logging.common.HelidonMdc;

/**
 * What every log line written on a thread carries while a request or a reconcile pass runs there: the request's id
 * ({@code req-<uuid>}, the one a client prints with an error) or the server the pass is about. It is Helidon's MDC key
 * {@value #KEY}, which the log format prints with {@code %X{ovc}} (server/src/main/resources/logging.properties):
 * {@code " [req-…]"} or {@code " [server <id>]"}, nothing outside both. A request runs on one (virtual) thread and a
 * pass on one worker thread, so the key is set when it starts and removed when it ends.
 */
public final class LogContext implements AutoCloseable {
    public static final String KEY = "ovc";

    private LogContext() {
    }

    /** Lines of this thread carry the request id until {@link #close()}. */
    public static LogContext request(String requestId) {
        HelidonMdc.set(KEY, " [" + requestId + "]");
        return new LogContext();
    }

    /** Lines of this thread carry the server id until {@link #close()}. */
    public static LogContext server(String serverId) {
        HelidonMdc.set(KEY, " [server " + serverId + "]");
        return new LogContext();
    }

    @Override
    public void close() {
        HelidonMdc.remove(KEY);
    }
}
