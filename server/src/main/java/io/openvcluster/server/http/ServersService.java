package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.model.ServerData.AddressData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.api.schema.RequestSchemas;
import io.openvcluster.api.view.Links;
import io.openvcluster.api.view.RenderedServers;
import io.openvcluster.api.view.ServerView;
import io.openvcluster.server.compute.ActionResult;
import io.openvcluster.server.compute.CreateServerRequest;
import io.openvcluster.server.compute.CreatedServer;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.compute.ServerPage;
import io.openvcluster.server.compute.ServerQuery;
import io.openvcluster.server.compute.ServerService;
import io.openvcluster.server.compute.UpdateServerRequest;
import io.openvcluster.server.compute.Verb;
import io.openvcluster.server.compute.Verbs;
import io.openvcluster.server.identity.Caller;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Nova servers: create, list, show, update, delete, addresses, and the action
 * dispatcher. Each handler: parse, validate, one domain call, view.
 */
final class ServersService implements HttpService {
    /** The microversion from which createImage answers with the image id in its body. */
    private static final int IMAGE_ID_IN_BODY = 45;
    private static final String RESERVATION_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** Renderings kept per call shape: every server of a 10,000-server facade, with room for churn. */
    private static final int RENDERINGS_KEPT = 20_000;

    private final ServerService servers;
    private final SecureRandom random = new SecureRandom();
    private final RenderedServers rendered = new RenderedServers(RENDERINGS_KEPT);

    ServersService(ServerService servers) {
        this.servers = servers;
    }

    @Override
    public void routing(HttpRules rules) {
        // /servers/detail before /servers/{id}, as in Nova's route table
        Routes.on(rules)
                .post("/servers", this::create)
                .get("/servers", this::list)
                .get("/servers/detail", this::detail)
                .get("/servers/{id}", this::show)
                .put("/servers/{id}", this::update)
                .delete("/servers/{id}", this::delete)
                .get("/servers/{id}/ips", this::ips)
                .get("/servers/{id}/ips/{network}", this::ipsOfNetwork)
                .post("/servers/{id}/action", this::action)
                .methodNotAllowedForTheRest();
    }

    private void create(ServerRequest req, ServerResponse res) {
        Microversion mv = RequestContext.microversion(req);
        ObjectNode body = JsonBodies.object(req);
        RequestSchemas.validate("server-create", mv, body);
        JsonNode server = body.path("server");
        if (mv.atLeast(37) && !server.has("networks")) {
            // the schema at 2.37 says so too; kept here so the rule is visible next to the handler
            throw ApiException.badRequest("Invalid input for field/attribute server. Value: " + server
                    + ". 'networks' is a required property");
        }
        CreateServerRequest request = createRequest(server, body.path("os:scheduler_hints").isObject()
                ? body.path("os:scheduler_hints") : body.path("OS-SCH-HNT:scheduler_hints"));
        Caller caller = RequestContext.caller(req);
        CreatedServer created = servers.createServer(caller, request);
        if (created.servers().isEmpty()) {
            throw new IllegalStateException("The domain accepted a create but recorded no server");
        }
        Links links = RequestContext.links(req);
        ServerData first = created.servers().getFirst();
        // Nova accepts true and "True" alike (the schema allows boolean strings)
        if (server.path("return_reservation_id").asBoolean(false)) {
            Responses.json(res, 202, ServerView.reservation(reservationId()));
            return;
        }
        res.header(HeaderNames.LOCATION, links.selfHref("servers", first.id()));
        Responses.json(res, 202, ServerView.created(first, links));
    }

    /** The validated body as the domain's request; the image may come from a boot-from-image block device. */
    /** @param hints the scheduler hints: {@code group} names the server group the servers are made in */
    static CreateServerRequest createRequest(JsonNode server, JsonNode hints) {
        int minCount = server.path("min_count").asInt(1);
        int maxCount = server.path("max_count").asInt(minCount);
        if (minCount > maxCount) {
            throw ApiException.badRequest("min_count must be <= max_count");
        }
        String imageRef = text(server, "imageRef").filter(s -> !s.isEmpty())
                .or(() -> imageFromBlockDevices(server.path("block_device_mapping_v2")))
                .orElse("");
        return new CreateServerRequest(
                server.path("name").asText(),
                server.path("flavorRef").asText(),
                imageRef,
                stringMap(server.path("metadata")),
                stringList(server.path("tags")),
                text(server, "key_name"),
                text(server, "description"),
                text(server, "adminPass"),
                text(server, "hostname"),
                text(server, "accessIPv4").orElse(""),
                text(server, "accessIPv6").orElse(""),
                text(server, "availability_zone").orElse(""),
                minCount,
                maxCount,
                Verbs.diskConfig(server),
                securityGroups(server.path("security_groups")),
                serverGroup(hints.path("group")));
    }

    /** Nova's hint is one group id, or a list holding one; anything else is Nova's 400. */
    private static Optional<String> serverGroup(JsonNode group) {
        JsonNode id = group.isArray() && group.size() == 1 ? group.get(0) : group;
        if (id.isMissingNode()) {
            return Optional.empty();
        }
        if (!id.isTextual() || !UuidLike.test(id.asText())) {
            throw ApiException.badRequest("Invalid input for field/attribute group. Value: " + group
                    + ". '" + group + "' is not a 'uuid'");
        }
        return Optional.of(id.asText());
    }

    /**
     * The groups named, without repeats; Nova skips entries without a name. Absent: none named (the server goes in
     * {@code default}); present, even empty: those.
     */
    private static Optional<List<String>> securityGroups(JsonNode groups) {
        if (!groups.isArray()) {
            return Optional.empty();
        }
        return Optional.of(java.util.stream.StreamSupport.stream(groups.spliterator(), false)
                .map(g -> g.path("name").asText("")).filter(n -> !n.isEmpty()).distinct().toList());
    }

    /** OSC 10 sends the image both as imageRef and as the boot device; older requests may send only the latter. */
    private static Optional<String> imageFromBlockDevices(JsonNode bdms) {
        for (JsonNode bdm : bdms) {
            if ("image".equals(bdm.path("source_type").asText()) && bdm.path("boot_index").asInt(-1) == 0
                    && bdm.path("uuid").isTextual()) {
                return Optional.of(bdm.path("uuid").asText());
            }
        }
        return Optional.empty();
    }

    private String reservationId() {
        StringBuilder id = new StringBuilder("r-");
        for (int i = 0; i < 8; i++) {
            id.append(RESERVATION_CHARS.charAt(random.nextInt(RESERVATION_CHARS.length())));
        }
        return id.toString();
    }

    private void list(ServerRequest req, ServerResponse res) {
        Links links = RequestContext.links(req);
        ServerPage page = page(req, "os_compute_api:servers:index");
        List<ObjectNode> items = page.servers().stream().map(s -> ServerView.summaryItem(s, links)).toList();
        Responses.ok(res, ServerView.list(items, next(req, links, "/servers", page)));
    }

    private void detail(ServerRequest req, ServerResponse res) {
        Links links = RequestContext.links(req);
        Microversion mv = RequestContext.microversion(req);
        ServerPage page = page(req, "os_compute_api:servers:detail");
        Responses.ok(res, rendered.detail(page.servers(), mv, links, next(req, links, "/servers/detail", page),
                audience(RequestContext.caller(req))));
    }

    private ServerPage page(ServerRequest req, String policy) {
        Caller caller = RequestContext.caller(req);
        ServerQuery query = ServerQueryParser.parse(req.query(), caller, policy);
        return servers.listServers(caller, query);
    }

    private static Optional<String> next(ServerRequest req, Links links, String path, ServerPage page) {
        return page.nextMarker().map(marker ->
                QueryParams.nextHref(links.computeBase() + "/v2.1" + path, req.query(), marker));
    }

    private void show(ServerRequest req, ServerResponse res) {
        ServerData server = servers.getServer(RequestContext.caller(req), id(req));
        Responses.ok(res, rendered.show(server, RequestContext.microversion(req), RequestContext.links(req),
                audience(RequestContext.caller(req))));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Microversion mv = RequestContext.microversion(req);
        ObjectNode body = JsonBodies.object(req);
        RequestSchemas.validate("server-update", mv, body);
        JsonNode server = body.path("server");
        Optional<Optional<String>> description = server.has("description")
                ? Optional.of(text(server, "description"))
                : Optional.empty();
        UpdateServerRequest update = new UpdateServerRequest(text(server, "name"), description,
                text(server, "accessIPv4"), text(server, "accessIPv6"), text(server, "hostname"),
                Verbs.diskConfig(server));
        ServerData updated = servers.updateServer(RequestContext.caller(req), id(req), update);
        Responses.ok(res, ServerView.updateResult(updated, mv, RequestContext.links(req)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        servers.deleteServer(RequestContext.caller(req), id(req));
        Responses.empty(res, 204);
    }

    private void ips(ServerRequest req, ServerResponse res) {
        ServerData server = servers.getServer(RequestContext.caller(req), id(req));
        ObjectNode body = Json.object();
        ObjectNode addresses = body.putObject("addresses");
        server.addresses().forEach((network, list) -> addresses.set(network, addressList(list)));
        Responses.ok(res, body);
    }

    private void ipsOfNetwork(ServerRequest req, ServerResponse res) {
        ServerData server = servers.getServer(RequestContext.caller(req), id(req));
        String network = req.path().pathParameters().get("network");
        List<AddressData> list = Optional.ofNullable(server.addresses().get(network))
                .orElseThrow(() -> ApiException.notFound("Instance is not a member of specified network"));
        ObjectNode body = Json.object();
        body.set(network, addressList(list));
        Responses.ok(res, body);
    }

    /** Nova's ips API shows only {addr, version}. */
    private static ArrayNode addressList(List<AddressData> list) {
        ArrayNode array = Json.array();
        list.forEach(a -> array.addObject().put("version", a.version()).put("addr", a.addr()));
        return array;
    }

    /**
     * The body's row ({@link Verbs}: 400 without exactly one known key), its microversions (404 outside), then for an
     * action this facade does not perform 404 for an unknown server and 501; otherwise its schema (400), one domain
     * call (404, 409, 403) and the answer its row gives.
     */
    private void action(ServerRequest req, ServerResponse res) {
        ObjectNode body = JsonBodies.object(req);
        Verb verb = Verbs.inBody(body);
        Microversion mv = RequestContext.microversion(req);
        Caller caller = RequestContext.caller(req);
        if (!verb.offered().contains(mv)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        if (verb.parser().isEmpty()) {
            // an unknown server is a 404 before anything else, as in Nova
            servers.getServer(caller, id(req));
            throw verb.intent() instanceof Verb.Intent.NotImplemented n ? n.fault(verb.key())
                    : ApiException.notImplemented("Action '" + verb.key() + "' is not implemented yet.");
        }
        RequestSchemas.validate("action-" + verb.key(), mv, body);
        ServerAction action = verb.parser().get().parse(body.path(verb.key()), mv);
        switch (servers.perform(caller, id(req), action)) {
            case ActionResult.Accepted accepted -> Responses.empty(res, verb.status());
            case ActionResult.ImageCreated image -> imageCreated(req, res, verb, image.imageId(),
                    Optional.of(RequestContext.links(req).imageBase() + "/images/" + image.imageId()));
            // Nova's createBackup locates the image under the compute API, and only when it rotates
            case ActionResult.BackupCreated backup -> imageCreated(req, res, verb, backup.imageId(),
                    Optional.of(RequestContext.links(req).selfHref("images", backup.imageId()))
                            .filter(url -> backup.rotation() > 0));
            case ActionResult.Rebuilt rebuilt -> {
                // Nova answers with the server; no admin password, as with enable_instance_password off (a vcluster
                // has none to set)
                Links links = RequestContext.links(req);
                res.header(HeaderNames.LOCATION, links.selfHref("servers", rebuilt.server().id()));
                Responses.json(res, verb.status(), ServerView.rebuildResult(rebuilt.server(), Optional.empty(), mv,
                        links));
            }
            // Nova with enable_instance_password off answers a rescue with an empty object
            case ActionResult.Rescued rescued -> Responses.json(res, verb.status(), Json.object());
            case ActionResult.Output output -> {
                ObjectNode out = Json.object();
                out.put("output", output.text());
                Responses.json(res, verb.status(), out);
            }
            case ActionResult.Console console -> {
                ObjectNode out = Json.object();
                out.putObject("console").put("type", console.console().type())
                        .put("url", ConsoleDownloadService.url(req, console.console()));
                Responses.json(res, verb.status(), out);
            }
        }
    }

    /** Nova's 202: from 2.45 {@code {"image_id": ...}}; before, no body and the image's URL in Location. */
    private void imageCreated(ServerRequest req, ServerResponse res, Verb verb, String imageId,
                              Optional<String> location) {
        if (RequestContext.microversion(req).atLeast(IMAGE_ID_IN_BODY)) {
            ObjectNode out = Json.object();
            out.put("image_id", imageId);
            Responses.json(res, verb.status(), out);
        } else {
            location.ifPresent(url -> res.header(HeaderNames.LOCATION, url));
            Responses.empty(res, verb.status());
        }
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    static List<String> stringList(JsonNode node) {
        return node.isArray() ? java.util.stream.StreamSupport.stream(node.spliterator(), false)
                .map(JsonNode::asText).toList() : List.of();
    }

    /** Admins see where a server runs, as Nova's default policy shows them the extended attributes. */
    private static ServerView.Audience audience(Caller caller) {
        return caller.isAdmin() ? ServerView.Audience.ADMIN : ServerView.Audience.MEMBER;
    }
}
