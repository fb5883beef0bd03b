package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.server.compute.QuotaResource;
import io.openvcluster.server.compute.QuotaService;
import io.openvcluster.server.compute.QuotaSet;
import io.openvcluster.server.compute.QuotaUsage;
import io.openvcluster.server.identity.Caller;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Nova {@code os-quota-sets}: show, defaults, detail ({@code limit}, {@code in_use},
 * {@code reserved} per resource), update and delete (admin). The resources shown follow the microversion:
 * 2.36 drops the nova-network ones, 2.57 the injected-file ones. Per-user quotas are not offered.
 */
final class QuotaSetsService implements HttpService {
    private final QuotaService quotas;

    QuotaSetsService(QuotaService quotas) {
        this.quotas = quotas;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/os-quota-sets/{project}", this::show)
                .put("/os-quota-sets/{project}", this::update)
                .delete("/os-quota-sets/{project}", this::delete)
                .get("/os-quota-sets/{project}/defaults", this::defaults)
                .get("/os-quota-sets/{project}/detail", this::detail)
                .methodNotAllowedForTheRest();
    }

    private void show(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        String project = project(req);
        Responses.ok(res, body(quotas.getQuotaSet(caller, project), RequestContext.microversion(req), true));
    }

    private void defaults(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        String project = project(req);
        Responses.ok(res, body(quotas.getDefaultQuotaSet(caller, project), RequestContext.microversion(req), true));
    }

    private void detail(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        String project = project(req);
        QuotaSet limits = quotas.getQuotaSet(caller, project);
        QuotaUsage usage = quotas.getQuotaUsage(caller, project);
        ObjectNode body = Json.object();
        ObjectNode set = body.putObject("quota_set");
        set.put("id", project);
        for (QuotaResource r : QuotaResource.at(RequestContext.microversion(req))) {
            ObjectNode item = set.putObject(r.key());
            item.put("in_use", usage.used(r));
            item.put("limit", limits.limit(r));
            item.put("reserved", 0);
        }
        Responses.ok(res, body);
    }

    private void update(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        String project = project(req);
        if (QueryParams.first(req.query(), "user_id").isPresent()) {
            throw ApiException.notImplemented("Per-user quotas are not offered by this facade; set the project's "
                    + "quota without user_id.");
        }
        Microversion mv = RequestContext.microversion(req);
        ObjectNode body = JsonBodies.object(req);
        JsonNode set = body.get("quota_set");
        if (!(set instanceof ObjectNode changes) || body.size() != 1) {
            throw ApiException.badRequest("Invalid input for field/attribute quota_set. The body must be "
                    + "{\"quota_set\": {...}}.");
        }
        boolean force = false;
        Map<QuotaResource, Integer> limits = new EnumMap<>(QuotaResource.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("force")) {
                force = bool(e.getValue());
                continue;
            }
            Optional<QuotaResource> resource = QuotaResource.byKey(e.getKey()).filter(r -> r.shownAt(mv));
            if (resource.isEmpty()) {
                throw ApiException.badRequest("Invalid input for field/attribute quota_set. Additional properties "
                        + "are not allowed ('" + e.getKey() + "' was unexpected)");
            }
            limits.put(resource.get(), limit(e.getKey(), e.getValue()));
        }
        QuotaSet updated = quotas.updateQuotaSet(caller, project, limits, force);
        // Nova's update answer has no "id"
        Responses.ok(res, body(updated, mv, false));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        quotas.deleteQuotaSet(RequestContext.caller(req), project(req));
        Responses.empty(res, 202);
    }

    static ObjectNode body(QuotaSet quotas, Microversion mv, boolean withId) {
        ObjectNode body = Json.object();
        ObjectNode set = body.putObject("quota_set");
        if (withId) {
            set.put("id", quotas.projectId());
        }
        for (QuotaResource r : QuotaResource.at(mv)) {
            set.put(r.key(), quotas.limit(r));
        }
        return body;
    }

    private static String project(ServerRequest req) {
        return req.path().pathParameters().get("project");
    }

    /** Nova's schema: an integer from -1, or a string holding one. */
    private static int limit(String key, JsonNode value) {
        String text = value.isIntegralNumber() ? value.asText() : value.isTextual() ? value.asText().strip() : "";
        try {
            int limit = Integer.parseInt(text);
            if (limit >= -1) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("Invalid input for field/attribute " + key + ". Value: " + value
                + ". It must be an integer greater than or equal to -1.");
    }

    private static boolean bool(JsonNode value) {
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        String text = value.asText().strip().toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "true", "1", "yes", "on", "y", "t" -> true;
            case "false", "0", "no", "off", "n", "f" -> false;
            default -> throw ApiException.badRequest("Invalid input for field/attribute force. Value: " + value
                    + ". It is not a boolean.");
        };
    }
}
