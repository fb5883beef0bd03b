package io.openvcluster.server.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.Json;
import io.openvcluster.server.compute.ServerAttributeService;

/** {@code os-server-password}: Nova's answer for a server without a password, and a clear that has nothing to clear. */
final class ServerPasswordService implements HttpService {
    private final ServerAttributeService attributes;

    ServerPasswordService(ServerAttributeService attributes) {
        this.attributes = attributes;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/servers/{id}/os-server-password", this::show)
                .delete("/servers/{id}/os-server-password", this::clear)
                .methodNotAllowedForTheRest();
    }

    private void show(ServerRequest req, ServerResponse res) {
        String password = attributes.getPassword(RequestContext.caller(req), id(req));
        Responses.ok(res, Json.object().put("password", password));
    }

    private void clear(ServerRequest req, ServerResponse res) {
        attributes.clearPassword(RequestContext.caller(req), id(req));
        Responses.empty(res, 204);
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
