package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.schema.RequestSchemas;
import io.openvcluster.server.compute.ServerAttributeService;
import io.openvcluster.server.identity.Caller;
import java.util.List;

/** Server tags (2.26+; before 2.26 the API does not exist: 404). */
final class ServerTagsService implements HttpService {
    private static final int TAGS_MIN_VERSION = 26;
    private static final int MAX_TAG_LENGTH = 60;

    private final ServerAttributeService attributes;

    ServerTagsService(ServerAttributeService attributes) {
        this.attributes = attributes;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/servers/{id}/tags", this::list)
                .put("/servers/{id}/tags", this::replace)
                .delete("/servers/{id}/tags", this::deleteAll)
                .get("/servers/{id}/tags/{tag}", this::check)
                .put("/servers/{id}/tags/{tag}", this::add)
                .delete("/servers/{id}/tags/{tag}", this::delete)
                .methodNotAllowedForTheRest();
    }

    private Caller callerAtTagsVersion(ServerRequest req) {
        if (RequestContext.microversion(req).before(TAGS_MIN_VERSION)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        return RequestContext.caller(req);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = callerAtTagsVersion(req);
        Responses.ok(res, tags(attributes.getTags(caller, id(req))));
    }

    private void replace(ServerRequest req, ServerResponse res) {
        Caller caller = callerAtTagsVersion(req);
        ObjectNode body = JsonBodies.object(req);
        // {"tags": null} (ansible's server module sends it) fails here with 400, as in Nova
        RequestSchemas.validate("server-tags", RequestContext.microversion(req), body);
        List<String> result = attributes.replaceTags(caller, id(req), ServersService.stringList(body.path("tags")));
        Responses.ok(res, tags(result));
    }

    private void deleteAll(ServerRequest req, ServerResponse res) {
        attributes.deleteAllTags(callerAtTagsVersion(req), id(req));
        Responses.empty(res, 204);
    }

    private void check(ServerRequest req, ServerResponse res) {
        Caller caller = callerAtTagsVersion(req);
        String tag = tag(req);
        if (!attributes.hasTag(caller, id(req), tag)) {
            throw ApiException.notFound("Tag '" + tag + "' could not be found.");
        }
        Responses.empty(res, 204);
    }

    private void add(ServerRequest req, ServerResponse res) {
        Caller caller = callerAtTagsVersion(req);
        String tag = tag(req);
        if (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH || tag.contains(",") || tag.contains("/")) {
            throw ApiException.badRequest("Tag '" + tag + "' is invalid: a tag has 1 to " + MAX_TAG_LENGTH
                    + " characters and no ',' or '/'.");
        }
        if (attributes.addTag(caller, id(req), tag)) {
            res.header(HeaderNames.LOCATION,
                    RequestContext.links(req).selfHref("servers", id(req)) + "/tags/" + tag);
            Responses.empty(res, 201);
        } else {
            Responses.empty(res, 204);
        }
    }

    private void delete(ServerRequest req, ServerResponse res) {
        attributes.deleteTag(callerAtTagsVersion(req), id(req), tag(req));
        Responses.empty(res, 204);
    }

    private static ObjectNode tags(List<String> tags) {
        ObjectNode body = Json.object();
        ArrayNode array = body.putArray("tags");
        tags.forEach(array::add);
        return body;
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static String tag(ServerRequest req) {
        return req.path().pathParameters().get("tag");
    }
}
