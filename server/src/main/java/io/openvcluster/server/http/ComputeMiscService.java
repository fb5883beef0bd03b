package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;

/**
 * The availability zone list (one zone, {@code nova}: every vcluster runs on the same host cluster), and the
 * Nova APIs this release does not offer yet, answered with Nova's 501 and what is missing.
 */
final class ComputeMiscService implements HttpService {
    @Override
    public void routing(HttpRules rules) {
        rules.get("/os-availability-zone", this::zones)
                .any("/limits", notYet("Limits"))
                .any("/os-quota-sets/{+rest}", notYet("Quota sets"))
                .any("/os-keypairs", notYet("Key pairs"))
                .any("/os-keypairs/{+rest}", notYet("Key pairs"));
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

    private static Handler notYet(String api) {
        return (req, res) -> {
            throw ApiException.notImplemented(api + " are not implemented yet by this facade.");
        };
    }
}
