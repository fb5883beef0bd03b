package io.openvcluster.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.server.compute.ServerService;

/**
 * {@code GET /servers/{id}/crash-dumps/{request_id}}: the bundle a {@code trigger_crash_dump} wrote (a gzipped tar),
 * for the server's project and admins. This facade's own extension: Nova has no API to read a crash dump back (its
 * dump is the guest kernel's, inside the VM). 404 for a server the caller cannot see, and for a request id that is
 * not a finished crash dump of the server.
 */
final class CrashDumpsService implements HttpService {
    private final ServerService servers;

    CrashDumpsService(ServerService servers) {
        this.servers = servers;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/servers/{id}/crash-dumps/{requestId}", this::show)
                .methodNotAllowedForTheRest();
    }

    private void show(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        String requestId = req.path().pathParameters().get("requestId");
        byte[] bundle = servers.crashDump(RequestContext.caller(req), id, requestId);
        res.header(HeaderNames.CONTENT_TYPE, "application/gzip");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"crash-dump-" + id + "-" + requestId
                + ".tar.gz\"");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(bundle);
    }
}
