package io.openvcluster.server.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
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
    /**
     * The echoed headers of every version served, built once with their bytes (Helidon's cached header values):
     * a compute response would otherwise format and encode the same three values again.
     */
    private static final Header VARY = HeaderValues.createCached(HeaderNames.VARY, MicroversionRange.VARY);
    private static final Header[] OPENSTACK_ECHO = new Header[MicroversionRange.MAX.minor() + 1];
    private static final Header[] NOVA_ECHO = new Header[MicroversionRange.MAX.minor() + 1];

    static {
        for (int minor = MicroversionRange.MIN.minor(); minor <= MicroversionRange.MAX.minor(); minor++) {
            Microversion version = Microversion.v2(minor);
            OPENSTACK_ECHO[minor] = HeaderValues.createCached(Headers.OPENSTACK_API_VERSION,
                    MicroversionRange.openstackHeaderValue(version));
            NOVA_ECHO[minor] = HeaderValues.createCached(Headers.NOVA_API_VERSION, version.toString());
        }
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (ApiPaths.of(req.prologue().uriPath().path()) != ApiPaths.COMPUTE) {
            chain.proceed();
            return;
        }
        res.header(VARY);
        Microversion version = MicroversionRange.negotiate(
                req.headers().first(Headers.OPENSTACK_API_VERSION),
                req.headers().first(Headers.NOVA_API_VERSION));
        RequestContext.state(req).microversion(version);
        echo(res, version);
        chain.proceed();
    }

    static void echo(ServerResponse res, Microversion version) {
        res.header(VARY);
        if (version.major() == 2 && version.minor() < OPENSTACK_ECHO.length && OPENSTACK_ECHO[version.minor()] != null) {
            res.header(OPENSTACK_ECHO[version.minor()]);
            res.header(NOVA_ECHO[version.minor()]);
        } else {
            res.header(Headers.OPENSTACK_API_VERSION, MicroversionRange.openstackHeaderValue(version));
            res.header(Headers.NOVA_API_VERSION, version.toString());
        }
    }
}
