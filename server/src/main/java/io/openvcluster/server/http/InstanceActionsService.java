package io.openvcluster.server.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.view.InstanceActionView;
import io.openvcluster.server.compute.InstanceActionQuery;
import io.openvcluster.server.compute.ServerService;
import io.openvcluster.server.identity.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Nova {@code os-instance-actions}: the list (limit, marker, changes-since from 2.58; changes-before from 2.66)
 * and one action with its events. The events name the host operations each verb performed (docs/verbs.md). From 2.21
 * a deleted server's actions are shown too, while it is kept ({@code OVC_DELETED_SERVER_RETENTION}).
 */
final class InstanceActionsService implements HttpService {
    private final ServerService servers;

    InstanceActionsService(ServerService servers) {
        this.servers = servers;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/servers/{id}/os-instance-actions", this::list)
                .get("/servers/{id}/os-instance-actions/{requestId}", this::show)
                .methodNotAllowedForTheRest();
    }

    private void list(ServerRequest req, ServerResponse res) {
        Microversion mv = RequestContext.microversion(req);
        Caller caller = RequestContext.caller(req);
        InstanceActionQuery query = mv.atLeast(58) ? query(req, mv) : InstanceActionQuery.all();
        String id = id(req);
        List<InstanceActionData> actions = servers.listInstanceActions(caller, id, query, mv.atLeast(21));
        Optional<String> next = query.limit().filter(l -> l > 0 && actions.size() == l)
                .map(l -> QueryParams.nextHref(RequestContext.links(req).computeBase() + "/v2.1/servers/" + id
                        + "/os-instance-actions", req.query(), actions.getLast().requestId()));
        Responses.ok(res, InstanceActionView.list(actions, mv, next));
    }

    private void show(ServerRequest req, ServerResponse res) {
        Microversion mv = RequestContext.microversion(req);
        Caller caller = RequestContext.caller(req);
        String requestId = req.path().pathParameters().get("requestId");
        ServerService.HostedAction shown = servers.instanceAction(caller, id(req), requestId, mv.atLeast(21));
        Responses.ok(res, InstanceActionView.show(shown.action(), mv, caller.isAdmin(), shown.hostId(),
                shown.host()));
    }

    private static InstanceActionQuery query(ServerRequest req, Microversion mv) {
        Optional<Integer> limit = QueryParams.nonNegativeInt(req.query(), "limit");
        Optional<String> marker = QueryParams.first(req.query(), "marker");
        Optional<Instant> since = QueryParams.first(req.query(), "changes-since")
                .map(v -> ServerQueryParser.time("changes-since", v));
        Optional<Instant> before = mv.atLeast(66)
                ? QueryParams.first(req.query(), "changes-before").map(v -> ServerQueryParser.time("changes-before", v))
                : Optional.empty();
        if (since.isPresent() && before.isPresent() && before.get().isBefore(since.get())) {
            throw ApiException.badRequest("The value of changes-since must be less than or equal to changes-before.");
        }
        return new InstanceActionQuery(limit, marker, since, before);
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
