package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.schema.RequestSchemas;
import io.openvcluster.server.compute.ServerAttributeService;
import java.util.Map;

/** Server metadata: the whole map, and one item at a time. */
final class ServerMetadataService implements HttpService {
    private final ServerAttributeService attributes;

    ServerMetadataService(ServerAttributeService attributes) {
        this.attributes = attributes;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/servers/{id}/metadata", this::list)
                .post("/servers/{id}/metadata", (req, res) -> set(req, res, false))
                .put("/servers/{id}/metadata", (req, res) -> set(req, res, true))
                .get("/servers/{id}/metadata/{key}", this::show)
                .put("/servers/{id}/metadata/{key}", this::setItem)
                .delete("/servers/{id}/metadata/{key}", this::deleteItem)
                .methodNotAllowedForTheRest();
    }

    private void list(ServerRequest req, ServerResponse res) {
        Responses.ok(res, metadata(attributes.getMetadata(RequestContext.caller(req), id(req))));
    }

    /** POST merges, PUT replaces; both answer with all the metadata. */
    private void set(ServerRequest req, ServerResponse res, boolean replace) {
        ObjectNode body = JsonBodies.object(req);
        RequestSchemas.validate("server-metadata", RequestContext.microversion(req), body);
        Map<String, String> result = attributes.setMetadata(RequestContext.caller(req), id(req),
                ServersService.stringMap(body.path("metadata")), replace);
        Responses.ok(res, metadata(result));
    }

    private void show(ServerRequest req, ServerResponse res) {
        String key = key(req);
        String value = attributes.getMetadataItem(RequestContext.caller(req), id(req), key);
        Responses.ok(res, meta(key, value));
    }

    private void setItem(ServerRequest req, ServerResponse res) {
        ObjectNode body = JsonBodies.object(req);
        RequestSchemas.validate("server-metadata-item", RequestContext.microversion(req), body);
        String key = key(req);
        JsonNode meta = body.path("meta");
        if (meta.size() != 1) {
            throw ApiException.badRequest("Request body contains too many items");
        }
        if (!meta.has(key)) {
            throw ApiException.badRequest("Request body and URI mismatch");
        }
        String value = meta.path(key).asText();
        attributes.setMetadata(RequestContext.caller(req), id(req), Map.of(key, value), false);
        Responses.ok(res, meta(key, value));
    }

    private void deleteItem(ServerRequest req, ServerResponse res) {
        attributes.deleteMetadataItem(RequestContext.caller(req), id(req), key(req));
        Responses.empty(res, 204);
    }

    private static ObjectNode metadata(Map<String, String> metadata) {
        ObjectNode body = Json.object();
        ObjectNode map = body.putObject("metadata");
        metadata.forEach(map::put);
        return body;
    }

    private static ObjectNode meta(String key, String value) {
        ObjectNode body = Json.object();
        body.putObject("meta").put(key, value);
        return body;
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static String key(ServerRequest req) {
        return req.path().pathParameters().get("key");
    }
}
