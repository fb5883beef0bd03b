package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.schema.RequestSchemas;
import io.openvcluster.server.compute.ConsoleService;
import io.openvcluster.server.compute.RemoteConsole;

/**
 * {@code POST /servers/{id}/remote-consoles} (2.6+; before 2.6 the API does not exist: 404). The console of a
 * vcluster is its kubeconfig: the URL returned downloads it from {@link ConsoleDownloadService} for a few minutes.
 */
final class RemoteConsolesService implements HttpService {
    private static final int MIN_VERSION = 6;

    private final ConsoleService consoles;

    RemoteConsolesService(ConsoleService consoles) {
        this.consoles = consoles;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .post("/servers/{id}/remote-consoles", this::create)
                .methodNotAllowedForTheRest();
    }

    private void create(ServerRequest req, ServerResponse res) {
        Microversion mv = RequestContext.microversion(req);
        if (mv.before(MIN_VERSION)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        ObjectNode body = JsonBodies.object(req);
        RequestSchemas.validate("remote-console-create", mv, body);
        ObjectNode asked = (ObjectNode) body.path("remote_console");
        RemoteConsole console = consoles.openRemoteConsole(RequestContext.caller(req), req.path().pathParameters().get("id"),
                asked.path("protocol").asText(), asked.path("type").asText());
        ObjectNode out = Json.object();
        out.putObject("remote_console")
                .put("protocol", console.protocol())
                .put("type", console.type())
                .put("url", ConsoleDownloadService.url(req, console));
        Responses.ok(res, out);
    }
}
