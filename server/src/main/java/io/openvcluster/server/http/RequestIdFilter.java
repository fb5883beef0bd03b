package io.openvcluster.server.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.openvcluster.server.observe.LogContext;

/**
 * Gives every request an id {@code req-<uuid>} and returns it as {@code X-OpenStack-Request-Id}, and on compute
 * also as {@code X-Compute-Request-Id} (tempest reads that one to find the instance action of a create), and puts it
 * on every log line the request's thread writes ({@link LogContext}).
 */
final class RequestIdFilter implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String id = RequestContext.begin(req, res).requestId();
        res.header(Headers.OPENSTACK_REQUEST_ID, id);
        if (ApiPaths.of(req.prologue().uriPath().path()) == ApiPaths.COMPUTE) {
            res.header(Headers.COMPUTE_REQUEST_ID, id);
        }
        // every line logged while the request runs carries its id (docs/operations.md, "Logs")
        try (LogContext context = LogContext.request(id)) {
            chain.proceed();
        }
    }
}
