package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.identity.FederationNames;
import io.openvcluster.server.identity.KeycloakIdentityProvider;
import io.openvcluster.server.identity.TokenService;
import io.openvcluster.server.testing.RealKeycloak;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/**
 * Every Keystone auth path against the real Keycloak with the test realm (deploy/keycloak/realm.json):
 * password, token re-scope, unscoped, OIDC federation, validate/check/revoke, projects, and the role policy.
 */
@ServerTest
@DisabledIfEnvironmentVariable(named = "OVC_KEYCLOAK_SKIP", matches = "true",
        disabledReason = "OVC_KEYCLOAK_SKIP=true: the tests against a real Keycloak are skipped")
class KeycloakIdentityApiIT extends ApiTest {
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String FEDERATION = "/identity/v3/OS-FEDERATION/identity_providers/keycloak/protocols/"
            + "openid/auth";
    KeycloakIdentityApiIT(Http1Client client) {
        super(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ApiRouting.register(routing, SandboxDomain.domain(),
                new KeycloakIdentityProvider(RealKeycloak.settings()),
                new TokenService(TokenService.randomKey(), Duration.ofHours(1)), FederationNames.DEFAULT);
    }

    @AfterAll
    static void stopSandbox() {
        SandboxDomain.close();
    }

    private Reply login(String user, String password, String project) {
        return api.call(Method.POST, "/identity/v3/auth/tokens", Api.passwordAuth(user, password, project));
    }

    private String token(String user, String project) {
        Reply r = login(user, RealKeycloak.password(user), project);
        assertThat(r.text(), r.status(), is(201));
        return r.header("X-Subject-Token").orElseThrow();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    @Test
    void passwordIsCheckedByKeycloakAndGroupsAreProjects() {
        Reply r = login("alice", RealKeycloak.password("alice"), "alpha");
        assertThat(r.text(), r.status(), is(201));
        JsonNode token = r.body().path("token");
        // the user id is Keycloak's sub; the project id is the group's project_id attribute
        assertThat(token.at("/user/id").asText().matches(UUID), is(true));
        assertThat(token.at("/user/name").asText(), is("alice"));
        assertThat(token.at("/project/id").asText(), is(RealKeycloak.ALPHA_ID));
        assertThat(texts(token.path("roles"), "name"), containsInAnyOrder("member", "reader"));
        assertThat(token.path("catalog").size(), is(3));
        // the same user gets the same id on every login
        assertThat(login("alice", RealKeycloak.password("alice"), "alpha").body().at("/token/user/id").asText(),
                is(token.at("/user/id").asText()));
    }

    @Test
    void wrongPasswordForeignProjectAndUnknownUserAre401() {
        Reply wrong = login("alice", "not-her-password", "alpha");
        assertThat(wrong.status(), is(401));
        assertThat(wrong.body().at("/error/code").asInt(), is(401));
        assertThat(login("alice", RealKeycloak.password("alice"), "beta").status(), is(401));
        assertThat(login("nobody", "whatever", "alpha").status(), is(401));
        assertThat(login("alice", RealKeycloak.password("alice"), "no-such-project").status(), is(401));
    }

    @Test
    void adminRoleImpliesMemberAndReaderAndSeesAllProjects() {
        String olivia = token("olivia", "beta");
        Reply validated = api.with("X-Auth-Token", olivia).with("X-Subject-Token", olivia)
                .get("/identity/v3/auth/tokens");
        assertThat(texts(validated.body().at("/token/roles"), "name"),
                containsInAnyOrder("admin", "member", "reader"));
        assertThat(texts(api.with("X-Auth-Token", olivia).get("/identity/v3/auth/projects").body().path("projects"),
                "name"), contains("alpha", "beta"));
        assertThat(texts(api.with("X-Auth-Token", olivia).get("/identity/v3/projects").body().path("projects"),
                "name"), contains("alpha", "beta"));
    }

    @Test
    void unscopedTokenRescopesWithTheTokenMethod() {
        Reply unscoped = api.call(Method.POST, "/identity/v3/auth/tokens", """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "bob",
                  "domain": {"id": "default"}, "password": "%s"}}}}}""".formatted(RealKeycloak.password("bob")));
        assertThat(unscoped.text(), unscoped.status(), is(201));
        assertThat(unscoped.body().path("token").has("project"), is(false));
        assertThat(unscoped.body().path("token").has("catalog"), is(false));
        String id = unscoped.header("X-Subject-Token").orElseThrow();
        // an unscoped token lists its projects but cannot call Nova
        assertThat(texts(api.with("X-Auth-Token", id).get("/identity/v3/auth/projects").body().path("projects"),
                "id"), contains(RealKeycloak.BETA_ID));
        assertThat(api.with("X-Auth-Token", id).get("/compute/v2.1/servers").status(), is(401));

        Reply scoped = api.call(Method.POST, "/identity/v3/auth/tokens", """
                {"auth": {"identity": {"methods": ["token"], "token": {"id": "%s"}},
                  "scope": {"project": {"id": "%s"}}}}""".formatted(id, RealKeycloak.BETA_ID));
        assertThat(scoped.text(), scoped.status(), is(201));
        assertThat(scoped.body().at("/token/project/name").asText(), is("beta"));
        assertThat(scoped.body().at("/token/audit_ids/1").asText(),
                is(unscoped.body().at("/token/audit_ids/0").asText()));
        String bobScoped = scoped.header("X-Subject-Token").orElseThrow();
        assertThat(api.with("X-Auth-Token", bobScoped).get("/compute/v2.1/servers").status(), is(200));
    }

    @Test
    void oidcFederationTurnsAKeycloakAccessTokenIntoAFacadeToken() {
        String accessToken = RealKeycloak.accessToken("alice");
        Reply federated = api.with("Authorization", "Bearer " + accessToken).call(Method.POST, FEDERATION, null);
        assertThat(federated.text(), federated.status(), is(201));
        assertThat(federated.body().at("/token/methods/0").asText(), is("openid"));
        assertThat(federated.body().at("/token/user/name").asText(), is("alice"));
        assertThat(federated.body().path("token").has("project"), is(false));
        String unscoped = federated.header("X-Subject-Token").orElseThrow();
        // the Keycloak token itself is not a facade token
        assertThat(api.with("X-Auth-Token", accessToken).get("/compute/v2.1/servers").status(), is(401));

        Reply scoped = api.call(Method.POST, "/identity/v3/auth/tokens", """
                {"auth": {"identity": {"methods": ["token"], "token": {"id": "%s"}},
                  "scope": {"project": {"name": "alpha", "domain": {"name": "Default"}}}}}""".formatted(unscoped));
        assertThat(scoped.text(), scoped.status(), is(201));
        assertThat(scoped.body().at("/token/project/id").asText(), is(RealKeycloak.ALPHA_ID));
    }

    @Test
    void federationRefusesTamperedMissingAndMisaddressedTokens() {
        String accessToken = RealKeycloak.accessToken("bob");
        String[] parts = accessToken.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertThat(api.with("Authorization", "Bearer " + tampered).call(Method.POST, FEDERATION, null).status(),
                is(401));
        assertThat(api.call(Method.POST, FEDERATION, null).status(), is(401));
        // a facade token is not an identity provider's token
        assertThat(api.with("Authorization", "Bearer " + token("bob", "beta")).call(Method.POST, FEDERATION, null)
                .status(), is(401));
        assertThat(api.with("Authorization", "Bearer " + accessToken).call(Method.POST,
                FEDERATION.replace("/keycloak/", "/other-idp/"), null).status(), is(404));
    }

    @Test
    void revokedTokenStopsWorkingAndOthersDoNot() {
        String first = token("bob", "beta");
        String second = token("bob", "beta");
        Api asSecond = api.with("X-Auth-Token", second);
        // another user may not revoke bob's token
        assertThat(api.with("X-Auth-Token", token("alice", "alpha")).with("X-Subject-Token", first)
                .call(Method.DELETE, "/identity/v3/auth/tokens", null).status(), is(403));
        assertThat(asSecond.with("X-Subject-Token", first).call(Method.HEAD, "/identity/v3/auth/tokens", null)
                .status(), is(200));
        assertThat(asSecond.with("X-Subject-Token", first).call(Method.DELETE, "/identity/v3/auth/tokens", null)
                .status(), is(204));
        assertThat(api.with("X-Auth-Token", first).get("/compute/v2.1/servers").status(), is(401));
        assertThat(asSecond.with("X-Subject-Token", first).call(Method.HEAD, "/identity/v3/auth/tokens", null)
                .status(), is(404));
        assertThat(asSecond.get("/compute/v2.1/servers").status(), is(200));
    }

    @Test
    void readerMayReadButNotWrite() {
        Api rita = api.with("X-Auth-Token", token("rita", "alpha"));
        assertThat(rita.get("/compute/v2.1/servers").status(), is(200));
        assertThat(rita.get("/compute/v2.1/flavors").status(), is(200));
        Reply create = rita.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "nope", "flavorRef": "1", "imageRef": "x"}}""");
        assertThat(create.status(), is(403));
        assertThat(create.body().at("/forbidden/message").asText(),
                is("Policy doesn't allow os_compute_api:servers:create to be performed."));
        Reply glance = rita.call(Method.DELETE, "/image/v2/images/some-id", null);
        assertThat(glance.status(), is(403));
    }

    @Test
    void projectsOfAnotherUserAreNotVisible() {
        Api alice = api.with("X-Auth-Token", token("alice", "alpha"));
        assertThat(texts(alice.get("/identity/v3/projects").body().path("projects"), "name"), contains("alpha"));
        assertThat(alice.get("/identity/v3/projects/" + RealKeycloak.BETA_ID).status(), is(403));
        assertThat(alice.get("/identity/v3/projects/" + RealKeycloak.ALPHA_ID).body().at("/project/name").asText(),
                is("alpha"));
        assertThat(texts(alice.get("/identity/v3/projects?name=beta").body().path("projects"), "name"),
                not(contains("beta")));
    }
}
