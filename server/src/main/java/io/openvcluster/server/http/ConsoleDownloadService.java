package io.openvcluster.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.server.compute.ConsoleKubeconfig;
import io.openvcluster.server.compute.ConsoleService;
import io.openvcluster.server.compute.RemoteConsole;
import java.nio.charset.StandardCharsets;

/**
 * Where remote-console URLs point: {@code GET /console/kubeconfig/{ticket}} downloads the server's kubeconfig.
 * No token is needed: the ticket in the path is the credential (as a noVNC URL carries its own token), signed,
 * bound to one server and valid for minutes.
 */
final class ConsoleDownloadService implements HttpService {
    static final String PATH = "/console";

    private final ConsoleService consoles;

    ConsoleDownloadService(ConsoleService consoles) {
        this.consoles = consoles;
    }

    /** The URL a client gets for {@code console}, on the host and port it used to reach the facade. */
    static String url(ServerRequest req, RemoteConsole console) {
        return RequestContext.baseUrl(req) + PATH + "/kubeconfig/" + console.ticket();
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/kubeconfig/{ticket}", this::download)
                .methodNotAllowedForTheRest();
    }

    private void download(ServerRequest req, ServerResponse res) {
        ConsoleKubeconfig kubeconfig = consoles.consoleKubeconfig(req.path().pathParameters().get("ticket"));
        String file = kubeconfig.serverName().replaceAll("[^A-Za-z0-9._-]", "_") + ".kubeconfig";
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "application/yaml");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(kubeconfig.yaml().getBytes(StandardCharsets.UTF_8));
    }
}
