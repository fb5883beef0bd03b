package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;

/**
 * Nova's {@code os-aggregates}, admins only. Host aggregates (groups of host clusters with metadata, an availability
 * zone among them) cannot be made yet, so the list is truthfully empty (the CLI's {@code hypervisor show} reads it)
 * and every other call answers 501 saying so.
 */
final class AggregatesService implements HttpService {
    private static final String POLICY = "os_compute_api:os-aggregates";

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/os-aggregates", this::list)
                .post("/os-aggregates", this::notBuilt)
                .get("/os-aggregates/{id}", this::notBuilt)
                .put("/os-aggregates/{id}", this::notBuilt)
                .delete("/os-aggregates/{id}", this::notBuilt)
                .post("/os-aggregates/{id}/action", this::notBuilt)
                .post("/os-aggregates/{id}/images", this::notBuilt)
                .methodNotAllowedForTheRest();
    }

    private void list(ServerRequest req, ServerResponse res) {
        RequestContext.requireAdmin(RequestContext.caller(req), POLICY + ":index");
        ObjectNode body = Json.object();
        body.putArray("aggregates");
        Responses.ok(res, body);
    }

    private void notBuilt(ServerRequest req, ServerResponse res) {
        RequestContext.requireAdmin(RequestContext.caller(req), POLICY);
        throw ApiException.notImplemented("Host aggregates are not built yet: this facade has one host cluster, in "
                + "the availability zone it is configured with (OVC_AVAILABILITY_ZONE).");
    }
}
