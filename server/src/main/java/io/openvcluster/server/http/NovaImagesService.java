package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.api.view.ImageView;
import io.openvcluster.api.view.Links;
import io.openvcluster.server.compute.CatalogService;
import io.openvcluster.server.identity.Caller;
import java.util.List;

/** Nova's image proxy ({@code /images}): only before 2.36, which removed it (404 from then on). */
final class NovaImagesService implements HttpService {
    private static final int REMOVED_IN = 36;

    private final CatalogService catalog;

    NovaImagesService(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/images", (req, res) -> list(req, res, false))
                .get("/images/detail", (req, res) -> list(req, res, true))
                .get("/images/{id}", this::show)
                .delete("/images/{id}", this::delete)
                .methodNotAllowedForTheRest();
    }

    private Caller callerBeforeRemoval(ServerRequest req) {
        if (RequestContext.microversion(req).atLeast(REMOVED_IN)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        return RequestContext.caller(req);
    }

    private void list(ServerRequest req, ServerResponse res, boolean detail) {
        Caller caller = callerBeforeRemoval(req);
        Links links = RequestContext.links(req);
        List<ObjectNode> images = catalog.listImages(caller).stream()
                .map(i -> detail ? ImageView.novaImage(i, links) : ImageView.novaImageSummary(i, links))
                .toList();
        ObjectNode body = Json.object();
        body.putArray("images").addAll(images);
        Responses.ok(res, body);
    }

    /** Nova's proxy of Glance's delete (tempest cleans up snapshots through it at 2.1): the same rules, 204. */
    private void delete(ServerRequest req, ServerResponse res) {
        Caller caller = callerBeforeRemoval(req);
        catalog.deleteImage(caller, req.path().pathParameters().get("id"));
        Responses.empty(res, 204);
    }

    private void show(ServerRequest req, ServerResponse res) {
        Caller caller = callerBeforeRemoval(req);
        ImageData image = catalog.getImage(caller, req.path().pathParameters().get("id"));
        ObjectNode body = Json.object();
        body.set("image", ImageView.novaImage(image, RequestContext.links(req)));
        Responses.ok(res, body);
    }
}
