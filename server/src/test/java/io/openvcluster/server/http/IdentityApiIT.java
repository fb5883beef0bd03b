package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.identity.StableIds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@ServerTest
class IdentityApiIT extends SandboxApiTest {
    private static final String KEYSTONE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";
    IdentityApiIT(Http1Client client) {
        super(client);
    }

    @Test
    void discoveryIsUnauthenticated() {
        Reply versions = api.with("Host", "cloud.test:5000").get("/identity");
        assertThat(versions.status(), is(300));
        assertThat(versions.body().at("/versions/values/0/id").asText(), is("v3.14"));
        assertThat(versions.body().at("/versions/values/0/links/0/href").asText(),
                is("http://cloud.test:5000/identity/v3/"));
        assertThat(api.get("/identity/").status(), is(300));
        assertThat(api.get("/").status(), is(300));
        Reply v3 = api.get("/identity/v3");
        assertThat(v3.status(), is(200));
        assertThat(v3.body().at("/version/status").asText(), is("stable"));
        assertThat(api.get("/identity/v3/").status(), is(200));
        assertThat(v3.header("X-OpenStack-Request-Id").orElseThrow(), startsWith("req-"));
    }

    @Test
    void passwordTokenCarriesTheCatalogOnTheHostTheClientUsed() {
        Reply r = api.with("Host", "cloud.test:5000").call(Method.POST, "/identity/v3/auth/tokens",
                Api.passwordAuth("demo", Api.PASSWORD, "demo"));
        assertThat(r.status(), is(201));
        assertThat(r.header("X-Subject-Token").isPresent(), is(true));
        JsonNode token = r.body().path("token");
        assertThat(token.at("/user/name").asText(), is("demo"));
        assertThat(token.at("/user/id").asText(), is(StableIds.of("user", "demo")));
        assertThat(token.at("/user/domain/id").asText(), is("default"));
        assertThat(token.at("/project/name").asText(), is("demo"));
        assertThat(token.at("/project/domain/name").asText(), is("Default"));
        assertThat(token.path("is_domain").asBoolean(true), is(false));
        assertThat(token.path("expires_at").asText().matches(KEYSTONE_TIME), is(true));
        assertThat(token.path("issued_at").asText().matches(KEYSTONE_TIME), is(true));
        assertThat(names(token.path("roles")), is(List.of("member", "reader")));
        assertThat(token.at("/methods/0").asText(), is("password"));
        assertThat(token.path("audit_ids").size(), is(1));
        List<String> urls = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (JsonNode service : token.path("catalog")) {
            types.add(service.path("type").asText());
            assertThat(service.path("endpoints").size(), is(3));
            for (JsonNode endpoint : service.path("endpoints")) {
                assertThat(endpoint.path("region").asText(), is("RegionOne"));
                assertThat(endpoint.path("region_id").asText(), is("RegionOne"));
                if (endpoint.path("interface").asText().equals("public")) {
                    urls.add(endpoint.path("url").asText());
                }
            }
        }
        assertThat(types, is(List.of("identity", "compute", "image")));
        assertThat(urls, is(List.of("http://cloud.test:5000/identity", "http://cloud.test:5000/compute/v2.1",
                "http://cloud.test:5000/image")));
    }

    @Test
    void userAndProjectByIdAreAccepted() {
        String body = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s", "password": "%s"}}},
                  "scope": {"project": {"id": "%s"}}}}
                """.formatted(StableIds.of("user", "admin"), Api.PASSWORD, StableIds.of("project", "admin"));
        Reply r = api.call(Method.POST, "/identity/v3/auth/tokens", body);
        assertThat(r.status(), is(201));
        assertThat(names(r.body().at("/token/roles")), is(List.of("admin", "member", "reader")));
    }

    @Test
    void wrongPasswordUnknownUserAndForeignProjectAre401() {
        for (String body : List.of(Api.passwordAuth("demo", "wrong", "demo"),
                Api.passwordAuth("nobody", Api.PASSWORD, "demo"),
                Api.passwordAuth("demo", Api.PASSWORD, "admin"),
                Api.passwordAuth("demo", Api.PASSWORD, "no-such-project"))) {
            Reply r = api.call(Method.POST, "/identity/v3/auth/tokens", body);
            assertThat(body, r.status(), is(401));
            assertThat(r.body().at("/error/code").asInt(), is(401));
            assertThat(r.body().at("/error/title").asText(), is("Unauthorized"));
            assertThat(r.body().at("/error/message").asText(), is("The request you have made requires authentication."));
            assertThat(r.header("WWW-Authenticate").orElseThrow(), startsWith("Keystone uri="));
            assertThat(r.header("X-Subject-Token").isPresent(), is(false));
        }
    }

    @Test
    void malformedBodiesAre400InKeystoneFormat() {
        Reply notJson = api.call(Method.POST, "/identity/v3/auth/tokens", "{not json");
        assertThat(notJson.status(), is(400));
        assertThat(notJson.body().at("/error/code").asInt(), is(400));
        Reply noIdentity = api.call(Method.POST, "/identity/v3/auth/tokens", "{\"auth\": {}}");
        assertThat(noIdentity.status(), is(400));
        assertThat(noIdentity.body().at("/error/title").asText(), is("Bad Request"));
    }

    @Test
    void unscopedTokenHasNoCatalogAndCanBeRescoped() {
        String unscoped = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "alt_demo",
                  "domain": {"id": "default"}, "password": "%s"}}}}}
                """.formatted(Api.PASSWORD);
        Reply r = api.call(Method.POST, "/identity/v3/auth/tokens", unscoped);
        assertThat(r.status(), is(201));
        assertThat(r.body().path("token").has("catalog"), is(false));
        assertThat(r.body().path("token").has("project"), is(false));
        String token = r.header("X-Subject-Token").orElseThrow();

        // an unscoped token does not open compute
        assertThat(api.with("X-Auth-Token", token).get("/compute/v2.1/servers").status(), is(401));

        String rescope = """
                {"auth": {"identity": {"methods": ["token"], "token": {"id": "%s"}},
                  "scope": {"project": {"name": "alt_demo", "domain": {"name": "Default"}}}}}
                """.formatted(token);
        Reply scoped = api.call(Method.POST, "/identity/v3/auth/tokens", rescope);
        assertThat(scoped.status(), is(201));
        assertThat(scoped.body().at("/token/project/name").asText(), is("alt_demo"));
        assertThat(scoped.body().at("/token/audit_ids").size(), is(2));
        assertThat(scoped.body().at("/token/expires_at"), is(r.body().at("/token/expires_at")));
    }

    @Test
    void validateCheckAndRevokeATokenSubject() {
        String auth = api.token("demo", "demo");
        String subject = api.token("alt_demo", "alt_demo");
        Api authed = api.with("X-Auth-Token", auth);
        Reply validated = authed.with("X-Subject-Token", subject).get("/identity/v3/auth/tokens");
        assertThat(validated.status(), is(200));
        assertThat(validated.body().at("/token/user/name").asText(), is("alt_demo"));
        assertThat(authed.with("X-Subject-Token", subject).call(Method.HEAD, "/identity/v3/auth/tokens", null)
                .status(), is(200));
        assertThat(authed.with("X-Subject-Token", "garbage").get("/identity/v3/auth/tokens").status(), is(404));
        assertThat(api.with("X-Subject-Token", subject).get("/identity/v3/auth/tokens").status(), is(401));
        // only the token's own user (or an admin) may revoke it, as Keystone's service_admin_or_token_subject
        Reply foreign = authed.with("X-Subject-Token", subject).call(Method.DELETE, "/identity/v3/auth/tokens", null);
        assertThat(foreign.status(), is(403));
        Api alt = api.with("X-Auth-Token", api.token("alt_demo", "alt_demo"));
        assertThat(alt.with("X-Subject-Token", subject).call(Method.DELETE, "/identity/v3/auth/tokens", null)
                .status(), is(204));
        assertThat(authed.with("X-Subject-Token", subject).call(Method.HEAD, "/identity/v3/auth/tokens", null)
                .status(), is(404));
        assertThat(api.with("X-Auth-Token", subject).get("/compute/v2.1/servers").status(), is(401));
    }

    @Test
    void ownProjectsCatalogProjectAndUser() {
        Api demo = api.as("demo");
        Reply projects = demo.get("/identity/v3/auth/projects");
        assertThat(projects.status(), is(200));
        assertThat(names(projects.body().path("projects")), is(List.of("demo")));
        assertThat(demo.get("/identity/v3/auth/catalog").body().path("catalog").size(), is(3));
        assertThat(demo.get("/identity/v3/projects/" + StableIds.of("project", "demo")).status(), is(200));
        assertThat(demo.get("/identity/v3/projects/" + StableIds.of("project", "admin")).status(), is(403));
        Reply me = demo.get("/identity/v3/users/" + StableIds.of("user", "demo"));
        assertThat(me.body().at("/user/name").asText(), is("demo"));
        assertThat(demo.get("/identity/v3/users/" + StableIds.of("user", "admin")).status(), is(403));
        assertThat(api.get("/identity/v3/auth/projects").status(), is(401));
    }

    @Test
    void unknownIdentityPathIs404AndWrongMethod405InKeystoneFormat() {
        Reply missing = api.get("/identity/v3/nothing-here");
        assertThat(missing.status(), is(404));
        assertThat(missing.body().at("/error/code").asInt(), is(404));
        Reply wrongMethod = api.call(Method.PUT, "/identity/v3/auth/tokens", "{}");
        assertThat(wrongMethod.status(), is(405));
        assertThat(wrongMethod.body().at("/error/code").asInt(), is(405));
        assertThat(wrongMethod.text(), not(containsString("Exception")));
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.path("name").asText()));
        return names;
    }
}
