package io.openvcluster.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.MicroversionRange;

/**
 * Negotiates the compute microversion of every compute request and echoes it on the response (headers set
 * here survive an error: Helidon's error handling resets the body, not the headers; the error mapper sets
 * them again anyway). A version that cannot be negotiated (400/406) is answered with {@code Vary} only, as
 * Nova does, since no version applies.
 */
final class MicroversionFilter implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (ApiPaths.of(req.prologue().uriPath().path()) != ApiPaths.COMPUTE) {
            chain.proceed();
            return;
        }
        res.header(HeaderNames.VARY, MicroversionRange.VARY);
        Microversion version = MicroversionRange.negotiate(
                req.headers().first(Headers.OPENSTACK_API_VERSION),
                req.headers().first(Headers.NOVA_API_VERSION));
        req.context().register(version);
        echo(res, version);
        chain.proceed();
    }

    static void echo(ServerResponse res, Microversion version) {
        res.header(HeaderNames.VARY, MicroversionRange.VARY);
        res.header(Headers.OPENSTACK_API_VERSION, MicroversionRange.openstackHeaderValue(version));
        res.header(Headers.NOVA_API_VERSION, version.toString());
    }
}
