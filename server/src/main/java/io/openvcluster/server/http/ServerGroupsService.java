package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.server.compute.ServerGroupData;
import io.openvcluster.server.compute.ServerGroups;
import io.openvcluster.server.identity.Caller;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Nova's {@code os-server-groups}: list ({@code all_projects} for admins, {@code limit}, {@code offset}), create,
 * show, delete. Bodies and views by microversion as Nova's: {@code policies} (one item) until 2.63, from 2.64
 * {@code policy} and {@code rules} ({@code max_server_per_host}, anti-affinity only); the soft policies from 2.15;
 * {@code project_id} and {@code user_id} from 2.13. What the policies do to placement: docs/fleet.md.
 */
final class ServerGroupsService implements HttpService {
    private static final Set<String> HARD = Set.of("affinity", "anti-affinity");
    private static final int MAX_NAME = 255;

    private final ServerGroups groups;

    ServerGroupsService(ServerGroups groups) {
        this.groups = groups;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/os-server-groups", this::list)
                .post("/os-server-groups", this::create)
                .get("/os-server-groups/{id}", this::show)
                .delete("/os-server-groups/{id}", this::delete)
                .methodNotAllowedForTheRest();
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        Microversion mv = RequestContext.microversion(req);
        // Nova reads only whether the parameter is there, and only for admins
        boolean allProjects = req.query().contains("all_projects");
        List<ServerGroupData> all = groups.list(caller, allProjects);
        int offset = QueryParams.nonNegativeInt(req.query(), "offset").orElse(0);
        int limit = QueryParams.nonNegativeInt(req.query(), "limit").orElse(Integer.MAX_VALUE);
        List<ServerGroupData> page = all.stream().skip(offset).limit(limit).toList();
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("server_groups");
        page.forEach(g -> items.add(view(g, mv)));
        Responses.ok(res, body);
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        Microversion mv = RequestContext.microversion(req);
        ObjectNode body = JsonBodies.object(req);
        JsonNode group = body.get("server_group");
        if (group == null || !group.isObject() || body.size() != 1) {
            throw invalid("server_group", String.valueOf(body), "'server_group' is a required property");
        }
        Set<String> allowed = mv.atLeast(64) ? Set.of("name", "policy", "rules") : Set.of("name", "policies");
        for (String field : (Iterable<String>) group::fieldNames) {
            if (!allowed.contains(field)) {
                throw invalid("server_group", group.toString(),
                        "Additional properties are not allowed ('" + field + "' was unexpected)");
            }
        }
        String name = name(group.get("name"));
        String policy;
        Optional<Integer> maxPerHost = Optional.empty();
        if (mv.atLeast(64)) {
            policy = policy(group.get("policy"), mv);
            JsonNode rules = group.get("rules");
            if (rules != null) {
                maxPerHost = maxServerPerHost(rules);
                if (!policy.equals("anti-affinity") && !rules.isEmpty()) {
                    throw ApiException.badRequest("Only anti-affinity policy supports rules.");
                }
            }
        } else {
            JsonNode policies = group.get("policies");
            if (policies == null || !policies.isArray() || policies.size() != 1) {
                throw invalid("policies", String.valueOf(policies), "It must be a list holding exactly one policy");
            }
            policy = policy(policies.get(0), mv);
        }
        ObjectNode out = Json.object();
        out.set("server_group", view(groups.create(caller, name, policy, maxPerHost), mv));
        Responses.ok(res, out);
    }

    private void show(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        ObjectNode out = Json.object();
        out.set("server_group", view(groups.get(caller, req.path().pathParameters().get("id")),
                RequestContext.microversion(req)));
        Responses.ok(res, out);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        groups.delete(RequestContext.caller(req), req.path().pathParameters().get("id"));
        Responses.empty(res, 204);
    }

    private static String name(JsonNode name) {
        if (name == null || !name.isTextual() || name.asText().isEmpty() || name.asText().length() > MAX_NAME
                || !name.asText().strip().equals(name.asText())) {
            throw invalid("name", String.valueOf(name), "It must be a string of 1 to 255 characters without "
                    + "leading or trailing whitespace");
        }
        return name.asText();
    }

    /** The hard policies always; the soft ones from 2.15, as Nova added them. */
    private static String policy(JsonNode policy, Microversion mv) {
        String value = policy == null ? "" : policy.asText();
        if (policy == null || !policy.isTextual() || !ServerGroups.POLICIES.contains(value)
                || (!HARD.contains(value) && mv.before(15))) {
            throw invalid("policy", String.valueOf(policy), "'" + value + "' is not one of "
                    + (mv.before(15) ? "['anti-affinity', 'affinity']"
                    : "['anti-affinity', 'affinity', 'soft-anti-affinity', 'soft-affinity']"));
        }
        return value;
    }

    private static Optional<Integer> maxServerPerHost(JsonNode rules) {
        if (!rules.isObject()) {
            throw invalid("rules", rules.toString(), "It is not an object");
        }
        for (String field : (Iterable<String>) rules::fieldNames) {
            if (!field.equals("max_server_per_host")) {
                throw invalid("rules", rules.toString(),
                        "Additional properties are not allowed ('" + field + "' was unexpected)");
            }
        }
        JsonNode max = rules.get("max_server_per_host");
        if (max == null) {
            return Optional.empty();
        }
        int value;
        if (max.isInt()) {
            value = max.intValue();
        } else if (max.isTextual() && max.asText().matches("[0-9]{1,9}")) {
            value = Integer.parseInt(max.asText());
        } else {
            throw invalid("max_server_per_host", max.toString(), "It is not a positive integer");
        }
        if (value < 1) {
            throw invalid("max_server_per_host", max.toString(), max + " is less than the minimum of 1");
        }
        return Optional.of(value);
    }

    private static ApiException invalid(String field, String value, String why) {
        return ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: " + value + ". "
                + why);
    }

    /** One group as Nova shows it at the microversion. */
    private static ObjectNode view(ServerGroupData g, Microversion mv) {
        ObjectNode o = Json.object();
        o.put("id", g.id());
        o.put("name", g.name());
        if (mv.atLeast(64)) {
            o.put("policy", g.policy());
            ObjectNode rules = o.putObject("rules");
            g.maxServerPerHost().ifPresent(max -> rules.put("max_server_per_host", max));
        } else {
            o.putArray("policies").add(g.policy());
        }
        ArrayNode members = o.putArray("members");
        g.members().forEach(members::add);
        if (mv.before(64)) {
            o.putObject("metadata");
        }
        if (mv.atLeast(13)) {
            o.put("project_id", g.projectId());
            o.put("user_id", g.userId());
        }
        return o;
    }
}
