package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.api.schema.RequestSchemas;
import io.openvcluster.api.view.FlavorView;
import io.openvcluster.api.view.Links;
import io.openvcluster.server.compute.CatalogService;
import io.openvcluster.server.compute.FlavorPage;
import io.openvcluster.server.compute.FlavorQuery;
import io.openvcluster.server.compute.Verbs;
import io.openvcluster.server.identity.Caller;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Nova flavors: list (summary and detail; Nova's filters, sort and paging are the domain's
 * {@link FlavorQuery}), show, create and delete (admin), and extra specs.
 */
final class FlavorsService implements HttpService {
    private final CatalogService catalog;

    FlavorsService(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/flavors", (req, res) -> list(req, res, false))
                .post("/flavors", this::create)
                .get("/flavors/detail", (req, res) -> list(req, res, true))
                .get("/flavors/{id}", this::show)
                .put("/flavors/{id}", this::update)
                .delete("/flavors/{id}", this::delete)
                .get("/flavors/{id}/os-flavor-access", this::access)
                .post("/flavors/{id}/action", this::action)
                .get("/flavors/{id}/os-extra_specs", this::extraSpecs)
                .post("/flavors/{id}/os-extra_specs", this::setExtraSpecs)
                .get("/flavors/{id}/os-extra_specs/{key}", this::extraSpec)
                .put("/flavors/{id}/os-extra_specs/{key}", this::setExtraSpec)
                .delete("/flavors/{id}/os-extra_specs/{key}", this::deleteExtraSpec)
                .methodNotAllowedForTheRest();
    }

    private void list(ServerRequest req, ServerResponse res, boolean detail) {
        Caller caller = RequestContext.caller(req);
        Microversion mv = RequestContext.microversion(req);
        Links links = RequestContext.links(req);
        UriQuery query = req.query();
        FlavorPage page = catalog.listFlavors(caller, flavorQuery(query));
        Optional<String> next = page.nextMarker().map(marker -> QueryParams.nextHref(
                links.computeBase() + "/v2.1/flavors" + (detail ? "/detail" : ""), query, marker));
        Function<FlavorData, ObjectNode> view = detail
                ? f -> FlavorView.detail(f, mv, links)
                : f -> FlavorView.summaryItem(f, mv, links);
        Responses.ok(res, FlavorView.list(page.flavors().stream().map(view).toList(), next));
    }

    private static FlavorQuery flavorQuery(UriQuery query) {
        Optional<Integer> minRam = QueryParams.nonNegativeInt(query, "minRam");
        Optional<Integer> minDisk = QueryParams.nonNegativeInt(query, "minDisk");
        Optional<Integer> limit = QueryParams.nonNegativeInt(query, "limit")
                .map(n -> Math.min(n, ServerQueryParser.MAX_LIMIT));
        String sortKey = QueryParams.first(query, "sort_key").orElse("flavorid");
        String sortDir = QueryParams.first(query, "sort_dir").orElse("asc");
        return new FlavorQuery(isPublic(query), minRam, minDisk, sortKey, sortDir, limit,
                QueryParams.first(query, "marker"));
    }

    /**
     * {@code is_public} as Nova reads it for admins: absent is true (public flavors), {@code None} (the SDK sends
     * it as a string) is every flavor (empty), else True/False.
     */
    private static Optional<Boolean> isPublic(UriQuery query) {
        Optional<String> value = QueryParams.first(query, "is_public");
        if (value.isEmpty()) {
            return Optional.of(true);
        }
        if (value.get().strip().equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        return QueryParams.bool(query, "is_public");
    }

    private void show(ServerRequest req, ServerResponse res) {
        FlavorData flavor = catalog.getFlavor(RequestContext.caller(req), id(req));
        Responses.ok(res, FlavorView.show(flavor, RequestContext.microversion(req), RequestContext.links(req)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        RequestContext.requireAdmin(caller, "os_compute_api:os-flavor-manage:create");
        Microversion mv = RequestContext.microversion(req);
        ObjectNode body = JsonBodies.object(req);
        RequestSchemas.validate("flavor-create", mv, body);
        JsonNode f = body.path("flavor");
        // Nova makes up a UUID when the id is absent or null
        String id = f.path("id").isNull() || f.path("id").isMissingNode()
                ? UUID.randomUUID().toString()
                : f.path("id").asText();
        FlavorData flavor = new FlavorData(id, f.path("name").asText(), f.path("vcpus").asInt(),
                f.path("ram").asInt(), f.path("disk").asInt(), f.path("OS-FLV-EXT-DATA:ephemeral").asInt(0),
                f.path("swap").asInt(0), f.path("rxtx_factor").asDouble(1.0),
                !f.has("os-flavor-access:is_public") || Verbs.flag(f.path("os-flavor-access:is_public")), false,
                ServersService.text(f, "description"), Map.of());
        FlavorData created = catalog.createFlavor(caller, flavor);
        Responses.ok(res, FlavorView.show(created, mv, RequestContext.links(req)));
    }

    /** 2.55: the description, the one field Nova lets change; before it the method does not exist (404). */
    private void update(ServerRequest req, ServerResponse res) {
        Microversion mv = RequestContext.microversion(req);
        if (!mv.atLeast(55)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        Caller caller = RequestContext.caller(req);
        RequestContext.requireAdmin(caller, "os_compute_api:os-flavor-manage:update");
        ObjectNode body = JsonBodies.object(req);
        RequestSchemas.validate("flavor-update", mv, body);
        FlavorData updated = catalog.updateFlavorDescription(caller, id(req),
                ServersService.text(body.path("flavor"), "description"));
        Responses.ok(res, FlavorView.show(updated, mv, RequestContext.links(req)));
    }

    private void access(ServerRequest req, ServerResponse res) {
        String id = id(req);
        Responses.ok(res, accessBody(id, catalog.flavorAccess(RequestContext.caller(req), id)));
    }

    /** {@code addTenantAccess} / {@code removeTenantAccess}: 200 with the flavor's access list, as Nova. */
    private void action(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        ObjectNode body = JsonBodies.object(req);
        String id = id(req);
        Microversion mv = RequestContext.microversion(req);
        if (body.size() == 1 && body.has("addTenantAccess")) {
            RequestContext.requireAdmin(caller, "os_compute_api:os-flavor-access:add_tenant_access");
            RequestSchemas.validate("flavor-access-add", mv, body);
            Responses.ok(res, accessBody(id, catalog.addFlavorAccess(caller, id,
                    body.at("/addTenantAccess/tenant").asText())));
        } else if (body.size() == 1 && body.has("removeTenantAccess")) {
            RequestContext.requireAdmin(caller, "os_compute_api:os-flavor-access:remove_tenant_access");
            RequestSchemas.validate("flavor-access-remove", mv, body);
            Responses.ok(res, accessBody(id, catalog.removeFlavorAccess(caller, id,
                    body.at("/removeTenantAccess/tenant").asText())));
        } else {
            throw ApiException.badRequest("A flavor action is one of addTenantAccess or removeTenantAccess.");
        }
    }

    private static ObjectNode accessBody(String flavorId, List<String> projects) {
        var list = Json.array();
        projects.forEach(p -> list.add(Json.object().put("flavor_id", flavorId).put("tenant_id", p)));
        ObjectNode body = Json.object();
        body.set("flavor_access", list);
        return body;
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        RequestContext.requireAdmin(caller, "os_compute_api:os-flavor-manage:delete");
        catalog.deleteFlavor(caller, id(req));
        Responses.empty(res, 202);
    }

    private void extraSpecs(ServerRequest req, ServerResponse res) {
        Responses.ok(res, extraSpecsBody(catalog.getFlavorExtraSpecs(RequestContext.caller(req), id(req))));
    }

    private void setExtraSpecs(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        RequestContext.requireAdmin(caller, "os_compute_api:os-flavor-extra-specs:create");
        ObjectNode body = JsonBodies.object(req);
        RequestSchemas.validate("flavor-extra-specs", RequestContext.microversion(req), body);
        Map<String, String> result = catalog.setFlavorExtraSpecs(caller, id(req),
                ServersService.stringMap(body.path("extra_specs")));
        Responses.ok(res, extraSpecsBody(result));
    }

    private void extraSpec(ServerRequest req, ServerResponse res) {
        String key = key(req);
        String value = Optional.ofNullable(catalog.getFlavorExtraSpecs(RequestContext.caller(req), id(req)).get(key))
                .orElseThrow(() -> ApiException.notFound("Flavor " + id(req) + " has no extra specs with key "
                        + key + "."));
        Responses.ok(res, Json.object().put(key, value));
    }

    /** {@code PUT .../os-extra_specs/{key}} with {@code {"<key>": "<value>"}}: one item, the URL's key. */
    private void setExtraSpec(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        RequestContext.requireAdmin(caller, "os_compute_api:os-flavor-extra-specs:update");
        ObjectNode body = JsonBodies.object(req);
        String key = key(req);
        if (body.size() != 1) {
            throw ApiException.badRequest("Request body contains too many items");
        }
        JsonNode value = body.get(key);
        if (value == null) {
            throw ApiException.badRequest("Request body and URI mismatch");
        }
        if (!value.isValueNode() || value.isNull() || value.asText().length() > 255) {
            throw ApiException.badRequest("Invalid input for field/attribute " + key
                    + ": the value must be a string of at most 255 characters.");
        }
        catalog.setFlavorExtraSpecs(caller, id(req), Map.of(key, value.asText()));
        Responses.ok(res, Json.object().put(key, value.asText()));
    }

    private void deleteExtraSpec(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        RequestContext.requireAdmin(caller, "os_compute_api:os-flavor-extra-specs:delete");
        catalog.deleteFlavorExtraSpec(caller, id(req), key(req));
        // Nova answers this delete with 200 and no body
        Responses.empty(res, 200);
    }

    private static ObjectNode extraSpecsBody(Map<String, String> specs) {
        ObjectNode body = Json.object();
        ObjectNode map = body.putObject("extra_specs");
        specs.forEach(map::put);
        return body;
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static String key(ServerRequest req) {
        return req.path().pathParameters().get("key");
    }
}
