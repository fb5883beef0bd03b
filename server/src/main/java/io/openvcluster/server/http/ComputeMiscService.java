package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.view.ExtensionView;

/**
 * What describes the compute service rather than a resource of a project: the availability zone list (one zone,
 * {@code nova}, since every vcluster runs on the same host cluster) and the extensions served
 * ({@link ExtensionView}). Any authenticated caller may read them, as in Nova.
 */
final class ComputeMiscService implements HttpService {
    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/os-availability-zone", this::zones)
                .get("/extensions", this::extensions)
                .get("/extensions/{alias}", this::extension)
                .methodNotAllowedForTheRest();
    }

    private void zones(ServerRequest req, ServerResponse res) {
        RequestContext.caller(req);
        ObjectNode body = Json.object();
        ObjectNode zone = body.putArray("availabilityZoneInfo").addObject();
        zone.put("zoneName", "nova");
        zone.putObject("zoneState").put("available", true);
        zone.putNull("hosts");
        Responses.ok(res, body);
    }

    private void extensions(ServerRequest req, ServerResponse res) {
        RequestContext.caller(req);
        Responses.ok(res, ExtensionView.list(ExtensionView.served()));
    }

    private void extension(ServerRequest req, ServerResponse res) {
        RequestContext.caller(req);
        String alias = req.path().pathParameters().get("alias");
        Responses.ok(res, ExtensionView.show(ExtensionView.served(alias)
                .orElseThrow(() -> ApiException.notFound("The resource could not be found."))));
    }
}
