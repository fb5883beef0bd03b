package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.VersionDocuments;
import io.helidon.http.HeaderNames;
import io.openvcluster.server.identity.FederationNames;
import io.openvcluster.server.identity.IdentityProvider;
import io.openvcluster.server.identity.IdentityProvider.Project;
import io.openvcluster.server.identity.IdentityProvider.User;
import io.openvcluster.server.identity.TokenInfo;
import io.openvcluster.server.identity.TokenService;
import io.openvcluster.server.identity.TokenService.IssuedToken;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The minimal Keystone v3, registered at {@code /identity}: discovery, token issue (password and
 * token methods, project scope), OIDC federation, token validation and revocation, and the caller's projects,
 * catalog and user.
 */
final class IdentityService implements HttpService {
    private static final String BEARER = "Bearer ";

    private final IdentityProvider identity;
    private final TokenService tokens;
    private final FederationNames federation;

    IdentityService(IdentityProvider identity, TokenService tokens, FederationNames federation) {
        this.identity = identity;
        this.tokens = tokens;
        this.federation = federation;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/", this::versions)
                .get("/v3", this::v3)
                .get("/v3/", this::v3)
                .post("/v3/auth/tokens", this::issue)
                .get("/v3/auth/tokens", this::validate)
                .head("/v3/auth/tokens", this::check)
                .delete("/v3/auth/tokens", this::revoke)
                .get("/v3/auth/projects", this::myProjects)
                .get("/v3/auth/catalog", this::myCatalog)
                .post("/v3/OS-FEDERATION/identity_providers/{idp}/protocols/{protocol}/auth", this::federated)
                .get("/v3/OS-FEDERATION/identity_providers/{idp}/protocols/{protocol}/auth", this::federated)
                .get("/v3/projects", this::projects)
                .get("/v3/projects/{id}", this::project)
                .get("/v3/users/{id}", this::user)
                .methodNotAllowedForTheRest();
    }

    private void versions(ServerRequest req, ServerResponse res) {
        Responses.json(res, 300, VersionDocuments.identityVersions(RequestContext.baseUrl(req)));
    }

    private void v3(ServerRequest req, ServerResponse res) {
        Responses.ok(res, VersionDocuments.identityV3(RequestContext.baseUrl(req)));
    }

    private void issue(ServerRequest req, ServerResponse res) {
        KeystoneAuthRequest auth = KeystoneAuthRequest.parse(JsonBodies.object(req));
        Optional<TokenInfo> from = Optional.empty();
        User user;
        if (auth.password().isPresent()) {
            KeystoneAuthRequest.PasswordUser p = auth.password().get();
            user = (p.id().isPresent()
                    ? identity.authenticateById(p.id().get(), p.password())
                    : identity.authenticateByName(p.name().orElseThrow(), p.domain().orElseThrow(), p.password()))
                    .orElseThrow(UnauthenticatedException::new);
        } else if (auth.token().isPresent()) {
            TokenInfo old = tokens.verify(auth.token().get()).orElseThrow(UnauthenticatedException::new);
            from = Optional.of(old);
            user = identity.findUser(old.user().id()).orElseThrow(UnauthenticatedException::new);
        } else {
            // application credentials, TOTP, ...: not offered by this facade
            throw new UnauthenticatedException();
        }
        Optional<Project> project = auth.scope().map(scope -> (scope.id().isPresent()
                ? identity.findProject(scope.id().get())
                : identity.findProjectByName(scope.name().orElseThrow(), scope.domain().orElseThrow()))
                .orElseThrow(UnauthenticatedException::new));
        Set<String> roles = project.map(p -> identity.rolesOn(user.id(), p.id())).orElse(Set.of());
        if (project.isPresent() && roles.isEmpty()) {
            throw new UnauthenticatedException();
        }
        IssuedToken issued = tokens.issue(user, project, roles, auth.methods(), from);
        res.header(Headers.SUBJECT_TOKEN, issued.token());
        Responses.json(res, 201, KeystoneViews.token(issued.info(), RequestContext.baseUrl(req)));
    }

    private TokenInfo authToken(ServerRequest req) {
        return req.headers().first(Headers.AUTH_TOKEN).flatMap(tokens::verify)
                .orElseThrow(UnauthenticatedException::new);
    }

    private TokenInfo subjectToken(ServerRequest req) {
        authToken(req);
        return req.headers().first(Headers.SUBJECT_TOKEN).flatMap(tokens::verify)
                .orElseThrow(() -> ApiException.notFound("Could not find token."));
    }

    private void validate(ServerRequest req, ServerResponse res) {
        TokenInfo subject = subjectToken(req);
        res.header(Headers.SUBJECT_TOKEN, req.headers().first(Headers.SUBJECT_TOKEN).orElseThrow());
        Responses.ok(res, KeystoneViews.token(subject, RequestContext.baseUrl(req)));
    }

    private void check(ServerRequest req, ServerResponse res) {
        subjectToken(req);
        Responses.empty(res, 200);
    }

    /**
     * Revokes the subject token on every replica (Keystone: 204). As Keystone's
     * {@code service_admin_or_token_subject}: only the token's own user or an admin may revoke it.
     */
    private void revoke(ServerRequest req, ServerResponse res) {
        TokenInfo caller = authToken(req);
        TokenInfo subject = subjectToken(req);
        if (!caller.user().id().equals(subject.user().id()) && !caller.roles().contains("admin")) {
            throw ApiException.forbidden("You are not authorized to perform the requested action: "
                    + "identity:revoke_token.");
        }
        tokens.revoke(subject);
        Responses.empty(res, 204);
    }

    /**
     * OIDC federation (keystoneauth's v3oidcpassword, v3oidcaccesstoken): an access token of the identity
     * provider in {@code Authorization: Bearer}, verified locally, becomes an unscoped facade token, which the
     * client then re-scopes with the token method.
     */
    private void federated(ServerRequest req, ServerResponse res) {
        var params = req.path().pathParameters();
        if (!federation.idp().equals(params.get("idp")) || !federation.protocol().equals(params.get("protocol"))) {
            throw ApiException.notFound("Could not find federated protocol " + params.get("protocol")
                    + " for identity provider " + params.get("idp") + ".");
        }
        String accessToken = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(h -> h.substring(BEARER.length()).strip())
                .filter(t -> !t.isEmpty())
                .orElseThrow(UnauthenticatedException::new);
        User user = identity.authenticateAccessToken(accessToken).orElseThrow(UnauthenticatedException::new);
        IssuedToken issued = tokens.issue(user, Optional.empty(), Set.of(), List.of(federation.protocol()),
                Optional.empty());
        res.header(Headers.SUBJECT_TOKEN, issued.token());
        Responses.json(res, 201, KeystoneViews.token(issued.info(), RequestContext.baseUrl(req)));
    }

    /**
     * {@code openstack project list}: admins see every project; other users their own ones (Keystone would
     * answer 403, which leaves a non-admin no way to list what it may use). {@code ?name=} filters.
     */
    private void projects(ServerRequest req, ServerResponse res) {
        TokenInfo token = authToken(req);
        Optional<String> name = req.query().first("name").asOptional();
        String base = RequestContext.baseUrl(req);
        List<Project> visible = token.roles().contains("admin")
                ? identity.projects()
                : identity.projectsOf(token.user().id());
        ObjectNode body = Json.object();
        ArrayNode projects = body.putArray("projects");
        visible.stream().filter(p -> name.map(p.name()::equals).orElse(true))
                .forEach(p -> projects.add(KeystoneViews.project(p, base)));
        body.set("links", KeystoneViews.collectionLinks(base + "/identity/v3/projects"));
        Responses.ok(res, body);
    }

    private void myProjects(ServerRequest req, ServerResponse res) {
        TokenInfo token = authToken(req);
        String base = RequestContext.baseUrl(req);
        ObjectNode body = Json.object();
        ArrayNode projects = body.putArray("projects");
        identity.projectsOf(token.user().id()).forEach(p -> projects.add(KeystoneViews.project(p, base)));
        body.set("links", KeystoneViews.collectionLinks(base + "/identity/v3/auth/projects"));
        Responses.ok(res, body);
    }

    private void myCatalog(ServerRequest req, ServerResponse res) {
        TokenInfo token = authToken(req);
        if (!token.isProjectScoped()) {
            throw ApiException.forbidden("A project-scoped token is required to produce a service catalog.");
        }
        String base = RequestContext.baseUrl(req);
        ObjectNode body = Json.object();
        body.set("catalog", KeystoneViews.catalog(base));
        body.set("links", KeystoneViews.collectionLinks(base + "/identity/v3/auth/catalog"));
        Responses.ok(res, body);
    }

    private void project(ServerRequest req, ServerResponse res) {
        TokenInfo token = authToken(req);
        String id = req.path().pathParameters().get("id");
        boolean own = !identity.rolesOn(token.user().id(), id).isEmpty();
        if (!own && !token.roles().contains("admin")) {
            throw ApiException.forbidden("You are not authorized to perform the requested action: "
                    + "identity:get_project.");
        }
        Project project = identity.findProject(id)
                .orElseThrow(() -> ApiException.notFound("Could not find project: " + id + "."));
        ObjectNode body = Json.object();
        body.set("project", KeystoneViews.project(project, RequestContext.baseUrl(req)));
        Responses.ok(res, body);
    }

    private void user(ServerRequest req, ServerResponse res) {
        TokenInfo token = authToken(req);
        String id = req.path().pathParameters().get("id");
        if (!token.user().id().equals(id) && !token.roles().contains("admin")) {
            throw ApiException.forbidden("You are not authorized to perform the requested action: "
                    + "identity:get_user.");
        }
        User user = identity.findUser(id)
                .orElseThrow(() -> ApiException.notFound("Could not find user: " + id + "."));
        ObjectNode body = Json.object();
        body.set("user", KeystoneViews.user(user, RequestContext.baseUrl(req)));
        Responses.ok(res, body);
    }
}
