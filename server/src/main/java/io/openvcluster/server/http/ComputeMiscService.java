package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.Json;

/**
 * The availability zone list: one zone, {@code nova}, since every vcluster runs on the same host cluster.
 */
final class ComputeMiscService implements HttpService {
    @Override
    public void routing(HttpRules rules) {
        rules.get("/os-availability-zone", this::zones);
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
}
