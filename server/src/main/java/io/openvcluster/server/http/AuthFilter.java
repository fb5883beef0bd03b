package io.openvcluster.server.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.identity.TokenInfo;
import io.openvcluster.server.identity.TokenService;

/**
 * Compute and image calls (all but their version documents) need a valid, project-scoped {@code X-Auth-Token}.
 * The caller it names is put in the request context for the handlers, after the role policy ({@link Policy})
 * let it through. Identity checks its own tokens.
 */
final class AuthFilter implements Filter {
    private final TokenService tokens;

    AuthFilter(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.prologue().uriPath().path();
        if (ApiPaths.needsToken(path)) {
            TokenInfo token = req.headers().first(Headers.AUTH_TOKEN)
                    .map(String::strip)
                    .flatMap(tokens::verify)
                    // an unscoped token has no project to act in; Nova's keystonemiddleware refuses it too
                    .filter(TokenInfo::isProjectScoped)
                    .orElseThrow(UnauthenticatedException::new);
            Caller caller = token.toCaller(RequestContext.requestId(req));
            Policy.checkWrite(caller, req.prologue().method(), path);
            RequestContext.state(req).caller(caller);
        }
        chain.proceed();
    }
}
