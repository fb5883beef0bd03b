package io.openvcluster.server.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.VersionDocuments;

/** Nova's unauthenticated version documents, at {@code /compute}. */
final class ComputeVersionsService implements HttpService {
    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/", this::versions)
                .get("/v2.1", this::v21)
                .get("/v2.1/", this::v21)
                .get("/v2", this::v20)
                .get("/v2/", this::v20)
                .methodNotAllowedForTheRest();
    }

    private void versions(ServerRequest req, ServerResponse res) {
        Responses.ok(res, VersionDocuments.computeVersions(RequestContext.baseUrl(req)));
    }

    private void v21(ServerRequest req, ServerResponse res) {
        Responses.ok(res, VersionDocuments.computeV21(RequestContext.baseUrl(req)));
    }

    private void v20(ServerRequest req, ServerResponse res) {
        Responses.ok(res, VersionDocuments.computeV20(RequestContext.baseUrl(req)));
    }
}
