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
import io.openvcluster.server.compute.NewSecurityGroupRule;
import io.openvcluster.server.compute.SecurityGroupData;
import io.openvcluster.server.compute.SecurityGroupService;
import io.openvcluster.server.identity.Caller;
import java.util.List;
import java.util.Optional;

/**
 * Nova's security group proxy: {@code os-security-groups} (list, create, show, update, delete) and
 * {@code os-security-group-rules} (create, delete) up to 2.35, 404 from 2.36 as Nova; and a server's groups
 * ({@code GET /servers/{id}/os-security-groups}), which Nova kept at every microversion. The bodies are checked as
 * Nova's code checks them (it has no schema for them): the messages are Nova's, ids must look like UUIDs (Nova's
 * Neutron driver), and the answers are 200, with 202 for the deletes.
 */
final class SecurityGroupsService implements HttpService {
    /** The last microversion with the proxy APIs (2.36 removed them). */
    private static final int LAST_PROXY_MINOR = 35;

    private final SecurityGroupService groups;

    SecurityGroupsService(SecurityGroupService groups) {
        this.groups = groups;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/os-security-groups", this::list)
                .post("/os-security-groups", this::create)
                .get("/os-security-groups/{id}", this::show)
                .put("/os-security-groups/{id}", this::update)
                .delete("/os-security-groups/{id}", this::delete)
                .post("/os-security-group-rules", this::createRule)
                .delete("/os-security-group-rules/{id}", this::deleteRule)
                .get("/servers/{id}/os-security-groups", this::ofServer)
                .methodNotAllowedForTheRest();
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = proxyCaller(req);
        // Nova's Neutron driver asks only whether the parameter is there, whatever its value
        boolean everyProject = req.query().contains("all_tenants");
        Responses.ok(res, groupList(groups.listSecurityGroups(caller, everyProject)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = proxyCaller(req);
        JsonNode group = from(JsonBodies.object(req), "security_group");
        SecurityGroupData created = groups.createSecurityGroup(caller, property(group, "name", 1),
                property(group, "description", 0));
        Responses.ok(res, wrap(created));
    }

    private void show(ServerRequest req, ServerResponse res) {
        Caller caller = proxyCaller(req);
        Responses.ok(res, wrap(groups.getSecurityGroup(caller, uuid(id(req)))));
    }

    /** Other fields of the body are ignored, as Nova ignores them (the CLI sends the whole group back). */
    private void update(ServerRequest req, ServerResponse res) {
        Caller caller = proxyCaller(req);
        String id = uuid(id(req));
        JsonNode group = from(JsonBodies.object(req), "security_group");
        Responses.ok(res, wrap(groups.updateSecurityGroup(caller, id, property(group, "name", 1),
                property(group, "description", 0))));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Caller caller = proxyCaller(req);
        groups.deleteSecurityGroup(caller, uuid(id(req)));
        Responses.empty(res, 202);
    }

    private void createRule(ServerRequest req, ServerResponse res) {
        Caller caller = proxyCaller(req);
        JsonNode rule = from(JsonBodies.object(req), "security_group_rule");
        String parent = uuid(value(rule, "parent_group_id").orElse(""));
        Optional<String> remote = value(rule, "group_id").map(SecurityGroupsService::uuid);
        SecurityGroupData.Rule created = groups.createRule(caller, new NewSecurityGroupRule(parent,
                value(rule, "ip_protocol"), value(rule, "from_port"), value(rule, "to_port"), value(rule, "cidr"),
                remote));
        ObjectNode body = Json.object();
        body.set("security_group_rule", rule(created));
        Responses.ok(res, body);
    }

    private void deleteRule(ServerRequest req, ServerResponse res) {
        Caller caller = proxyCaller(req);
        groups.deleteRule(caller, uuid(id(req)));
        Responses.empty(res, 202);
    }

    private void ofServer(ServerRequest req, ServerResponse res) {
        Responses.ok(res, groupList(groups.ofServer(RequestContext.caller(req), id(req))));
    }

    /** The caller of a proxy API; 404 from 2.36, where Nova removed them. */
    private static Caller proxyCaller(ServerRequest req) {
        if (RequestContext.microversion(req).atLeast(LAST_PROXY_MINOR + 1)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        return RequestContext.caller(req);
    }

    /** Nova's {@code _from_body}. */
    private static JsonNode from(ObjectNode body, String key) {
        if (body.isEmpty()) {
            throw ApiException.badRequest("The request body can't be empty");
        }
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest("Missing parameter " + key);
        }
        if (!value.isObject()) {
            throw ApiException.badRequest("Missing parameter dict");
        }
        return value;
    }

    /** Nova's {@code validate_property}: a string of {@code min} to 255 characters. */
    private static String property(JsonNode group, String name, int min) {
        JsonNode value = group.get(name);
        if (value == null || !value.isTextual()) {
            throw ApiException.badRequest(name + " is not a string or unicode");
        }
        String text = value.asText();
        if (text.strip().length() < min) {
            throw ApiException.badRequest(name + " has a minimum character requirement of " + min + ".");
        }
        if (text.length() > 255) {
            throw ApiException.badRequest(name + " has more than 255 characters.");
        }
        return text;
    }

    /** A scalar of a rule as text (Nova takes ports as numbers or strings); absent when null or missing. */
    private static Optional<String> value(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(value.isValueNode() ? value.asText() : value.toString());
    }

    /** Nova's Neutron driver checks a group id's shape before looking for it. */
    private static String uuid(String id) {
        if (!UuidLike.test(id)) {
            throw ApiException.badRequest("Security group id should be uuid");
        }
        return id.toLowerCase(java.util.Locale.ROOT);
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static ObjectNode groupList(List<SecurityGroupData> list) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("security_groups");
        list.forEach(g -> items.add(group(g)));
        return body;
    }

    private static ObjectNode wrap(SecurityGroupData group) {
        ObjectNode body = Json.object();
        body.set("security_group", group(group));
        return body;
    }

    private static ObjectNode group(SecurityGroupData g) {
        ObjectNode node = Json.object();
        node.put("description", g.description());
        node.put("id", g.id());
        node.put("name", g.name());
        ArrayNode rules = node.putArray("rules");
        g.rules().forEach(r -> rules.add(rule(r)));
        node.put("tenant_id", g.projectId());
        return node;
    }

    private static ObjectNode rule(SecurityGroupData.Rule r) {
        ObjectNode node = Json.object();
        putInt(node, "from_port", r.fromPort());
        ObjectNode group = node.putObject("group");
        r.remoteGroup().ifPresent(g -> group.put("name", g.name()).put("tenant_id", g.tenantId()));
        node.put("id", r.id());
        node.put("ip_protocol", r.protocol().orElse(null));
        ObjectNode range = node.putObject("ip_range");
        r.cidr().ifPresent(c -> range.put("cidr", c));
        node.put("parent_group_id", r.parentGroupId());
        putInt(node, "to_port", r.toPort());
        return node;
    }

    private static void putInt(ObjectNode node, String field, Optional<Integer> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }
}
