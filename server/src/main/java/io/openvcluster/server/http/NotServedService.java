package io.openvcluster.server.http;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.openvcluster.api.ApiException;

/**
 * Nova endpoints this facade does not serve yet, or cannot, answered with Nova's 501 and the reason, rather than a bare
 * 404 that reads as a wrong URL: migrations (they come with several host clusters), the default quota classes, and a
 * server's volume attachments and network interfaces (no volume or network service behind this facade). A path Nova
 * does not know stays a 404.
 */
final class NotServedService implements HttpService {
    @Override
    public void routing(HttpRules rules) {
        Handler migrations = notServed("Migrations are not built yet: moving a vcluster between host clusters comes "
                + "with several host clusters (docs/fleet.md).");
        Handler volumes = notServed("A vcluster has no Nova volumes: there is no volume service behind this facade; "
                + "its data volume is a PersistentVolumeClaim of the host cluster.");
        Handler interfaces = notServed("A vcluster has no Nova network interfaces: there is no network service behind "
                + "this facade; its address is its Service's.");
        Routes.on(rules)
                .get("/os-migrations", migrations)
                .get("/servers/{id}/migrations", migrations)
                .get("/servers/{id}/migrations/{migration}", migrations)
                .get("/os-quota-class-sets/{class}", notServed("Quota classes are not built yet: every project "
                        + "starts from the facade's defaults (docs/quotas-and-keypairs.md)."))
                .put("/os-quota-class-sets/{class}", notServed("Quota classes are not built yet: every project "
                        + "starts from the facade's defaults (docs/quotas-and-keypairs.md)."))
                .get("/servers/{id}/os-volume_attachments", volumes)
                .post("/servers/{id}/os-volume_attachments", volumes)
                .get("/servers/{id}/os-interface", interfaces)
                .post("/servers/{id}/os-interface", interfaces)
                .methodNotAllowedForTheRest();
    }

    private static Handler notServed(String why) {
        return (req, res) -> {
            RequestContext.caller(req);
            throw ApiException.notImplemented(why);
        };
    }
}
