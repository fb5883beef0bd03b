package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.schema.RequestSchemas;
import io.openvcluster.server.identity.Caller;

/**
 * {@code POST /os-server-external-events}: Nova's schema for the microversion (400) and its policy (admins, 403), then
 * 501. Nova takes these events from the services around it: Neutron ({@code network-*}), Cinder ({@code
 * volume-extended}, {@code volume-reimaged}), Ironic ({@code power-update}) and Cyborg ({@code
 * accelerator-request-bound}), to finish what it waits for on a VM. None of them exists behind this facade: a vcluster's
 * network and storage are its host cluster's objects, which the reconciler watches itself, so there is nothing an
 * event could tell it and no honest per-event answer (200, 404, 422) to give.
 */
final class ServerExternalEventsService implements HttpService {
    static final String POLICY = "os_compute_api:os-server-external-events:create";

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .post("/os-server-external-events", this::create)
                .methodNotAllowedForTheRest();
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        ObjectNode body = JsonBodies.object(req);
        // Nova validates the body before its policy check
        RequestSchemas.validate("server-external-events", RequestContext.microversion(req), body);
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Policy doesn't allow " + POLICY + " to be performed.");
        }
        throw ApiException.notImplemented("os-server-external-events is not implemented: its events come from "
                + "Neutron, Cinder, Ironic and Cyborg, and none of them exists behind this facade (a vcluster's "
                + "network and storage are host cluster objects, watched by the reconciler itself).");
    }
}
