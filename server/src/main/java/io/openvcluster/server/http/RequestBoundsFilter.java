package io.openvcluster.server.http;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.work.Deadline;
import io.openvcluster.server.work.RequestDeadlines;
import java.time.Duration;

/**
 * The bounds every request gets before its handler runs (the whole table: docs/api-surface.md, "Bounds"): at most
 * {@value #MAX_QUERY_PARAMETERS} query parameters, and a deadline, by method, within which its handler must be done
 * ({@link Deadline}; past it the answer is a 503 fault naming the request id, {@link ErrorMapper}).
 */
final class RequestBoundsFilter implements Filter {
    /**
     * Query parameters (name-value pairs) in one request. The clients send a dozen at most; every one may become a
     * filter applied to every server or image listed, so their number is bounded apart from the request line's length.
     */
    static final int MAX_QUERY_PARAMETERS = 100;

    private final RequestDeadlines deadlines;
    private final Duration transfers;

    /** @param transfers the deadline of Glance's image data calls, which stream archives of any size */
    RequestBoundsFilter(RequestDeadlines deadlines, Duration transfers) {
        this.deadlines = deadlines;
        this.transfers = transfers;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        int parameters = count(req.query());
        if (parameters > MAX_QUERY_PARAMETERS) {
            throw ApiException.badRequest("The query has " + parameters + " parameters; at most "
                    + MAX_QUERY_PARAMETERS + " are accepted.");
        }
        Method method = req.prologue().method();
        Duration budget = imageData(req.prologue().uriPath().path()) ? transfers
                : method == Method.GET || method == Method.HEAD ? deadlines.read() : deadlines.write();
        Deadline.after(budget, "request", RequestContext.requestId(req)).run(chain::proceed);
    }

    /** {@code /image/v2/images/{id}/file}. */
    static boolean imageData(String path) {
        return path.startsWith("/image/v2/images/") && path.endsWith("/file")
                && path.indexOf('/', "/image/v2/images/".length()) == path.length() - "/file".length();
    }

    /** The parameters as sent, {@code a&a} and {@code a=&a=} alike (Helidon lists no value for a bare {@code a}). */
    private static int count(UriQuery query) {
        String raw = query.rawValue();
        int count = 0;
        int start = 0;
        while (start <= raw.length()) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = raw.length();
            }
            if (end > start) {
                count++;
            }
            start = end + 1;
        }
        return count;
    }
}
