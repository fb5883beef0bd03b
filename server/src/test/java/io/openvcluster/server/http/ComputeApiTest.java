package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.testing.RawHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@ServerTest
class ComputeApiTest extends ApiTest {
    private static final InMemoryComputeService COMPUTE = new InMemoryComputeService();
    private static final String CREATE = """
            {"server": {"name": "%s", "imageRef": "img-1", "flavorRef": "1", "min_count": 1, "max_count": 1}}
            """;
    private final java.net.URI uri;

    ComputeApiTest(Http1Client client, java.net.URI uri) {
        super(client);
        this.uri = uri;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Api.routing(routing, COMPUTE);
    }

    @Test
    void versionDocumentsAreUnauthenticated() {
        Reply v21 = api.get("/compute/v2.1");
        assertThat(v21.status(), is(200));
        assertThat(v21.body().at("/version/version").asText(), is("2.96"));
        assertThat(v21.body().at("/version/min_version").asText(), is("2.1"));
        assertThat(api.get("/compute/v2.1/").status(), is(200));
        assertThat(api.get("/compute/").body().path("versions").size(), is(2));
        assertThat(api.get("/compute").status(), is(200));
        assertThat(api.get("/compute/v2/").body().at("/version/id").asText(), is("v2.0"));
    }

    @Test
    void missingOrGarbageTokenIs401WithKeystoneBodyAndVersionHeaders() {
        for (Api client : List.of(api, api.with("X-Auth-Token", "garbage"))) {
            Reply r = client.with("Host", "cloud.test:8080").get("/compute/v2.1/servers");
            assertThat(r.status(), is(401));
            assertThat(r.body().at("/error/message").asText(), is("The request you have made requires authentication."));
            assertThat(r.header("WWW-Authenticate").orElseThrow(), is("Keystone uri=\"http://cloud.test:8080/identity\""));
            assertThat(r.header("X-OpenStack-Nova-API-Version").orElseThrow(), is("2.1"));
            assertThat(r.header("X-Compute-Request-Id").orElseThrow(), startsWith("req-"));
        }
    }

    @Test
    void microversionIsEchoedOnSuccessAndOnErrors() {
        Api demo = api.as("demo").mv("2.47");
        Reply ok = demo.get("/compute/v2.1/servers");
        assertThat(ok.status(), is(200));
        assertThat(ok.header("X-OpenStack-Nova-API-Version").orElseThrow(), is("2.47"));
        assertThat(ok.header("OpenStack-API-Version").orElseThrow(), is("compute 2.47"));
        assertThat(ok.header("Vary").orElseThrow(), is("OpenStack-API-Version, X-OpenStack-Nova-API-Version"));
        assertThat(ok.header("X-Compute-Request-Id"), is(ok.header("X-OpenStack-Request-Id")));

        Reply missing = demo.get("/compute/v2.1/servers/no-such-server");
        assertThat(missing.status(), is(404));
        assertThat(missing.body().at("/itemNotFound/code").asInt(), is(404));
        assertThat(missing.header("X-OpenStack-Nova-API-Version").orElseThrow(), is("2.47"));

        Reply latest = api.as("demo").with("OpenStack-API-Version", "compute latest").get("/compute/v2.1/servers");
        assertThat(latest.header("OpenStack-API-Version").orElseThrow(), is("compute 2.96"));
    }

    @Test
    void outOfRangeVersionIs406AndMalformedIs400() {
        Reply tooNew = api.as("demo").mv("2.200").get("/compute/v2.1/servers");
        assertThat(tooNew.status(), is(406));
        assertThat(tooNew.body().at("/computeFault/message").asText(),
                is("Version 2.200 is not supported by the API. Minimum is 2.1 and maximum is 2.96."));
        assertThat(tooNew.header("Vary").isPresent(), is(true));
        Reply garbage = api.as("demo").mv("two").get("/compute/v2.1/servers");
        assertThat(garbage.status(), is(400));
        assertThat(garbage.body().at("/badRequest/code").asInt(), is(400));
    }

    @Test
    void createShowUpdateListAndDeleteThroughTheDomain() {
        Api demo = api.as("demo").mv("2.79");
        Reply created = demo.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "web", "imageRef": "img-1", "flavorRef": "1", "networks": "auto",
                  "metadata": {"role": "web"}, "description": "first"}}
                """);
        assertThat(created.status(), is(202));
        String id = created.body().at("/server/id").asText();
        assertThat(created.header("Location").orElseThrow(), containsString("/compute/v2.1/servers/" + id));
        assertThat(created.body().at("/server/adminPass").asText(), is("generated-pass"));

        Reply shown = demo.get("/compute/v2.1/servers/" + id);
        assertThat(shown.status(), is(200));
        assertThat(shown.body().at("/server/name").asText(), is("web"));
        assertThat(shown.body().at("/server/metadata/role").asText(), is("web"));
        assertThat(shown.body().at("/server/status").asText(), is("BUILD"));

        Reply updated = demo.call(Method.PUT, "/compute/v2.1/servers/" + id, "{\"server\": {\"name\": \"web2\"}}");
        assertThat(updated.status(), is(200));
        assertThat(updated.body().at("/server/name").asText(), is("web2"));

        Reply list = demo.get("/compute/v2.1/servers?name=web2&deleted=False&unknown=1");
        assertThat(list.status(), is(200));
        assertThat(ids(list.body().path("servers")), is(List.of(id)));
        assertThat(list.body().at("/servers/0/links/0/rel").asText(), is("self"));
        Reply detail = demo.get("/compute/v2.1/servers/detail?name=web2");
        assertThat(detail.body().at("/servers/0/name").asText(), is("web2"));

        assertThat(demo.get("/compute/v2.1/servers/" + id + "/ips").body().at("/addresses/vcluster/0/addr").asText(),
                is("10.0.0.5"));
        assertThat(demo.get("/compute/v2.1/servers/" + id + "/os-security-groups").body().path("security_groups")
                .size(), is(0));

        // another project does not see it
        assertThat(api.as("alt_demo").get("/compute/v2.1/servers/" + id).status(), is(404));

        assertThat(demo.call(Method.DELETE, "/compute/v2.1/servers/" + id, null).status(), is(204));
        assertThat(demo.get("/compute/v2.1/servers/" + id).status(), is(404));
    }

    @Test
    void imageMayComeFromTheBootDeviceAndReservationIdIsReturnedWhenAsked() {
        Api demo = api.as("demo").mv("2.96");
        Reply r = demo.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "bdm", "flavorRef": "1", "networks": "none", "min_count": 1, "max_count": 1,
                  "block_device_mapping_v2": [{"uuid": "img-9", "boot_index": 0, "source_type": "image",
                    "destination_type": "local", "delete_on_termination": true}]}}
                """);
        assertThat(r.text(), r.status(), is(202));
        String id = r.body().at("/server/id").asText();
        assertThat(COMPUTE.servers.get(id).imageId(), is("img-9"));

        Reply reservation = demo.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "many", "imageRef": "img-1", "flavorRef": "1", "networks": "auto",
                  "min_count": 2, "max_count": 2, "return_reservation_id": true}}
                """);
        assertThat(reservation.status(), is(202));
        assertThat(reservation.body().path("reservation_id").asText(), startsWith("r-"));
    }

    @Test
    void badCreateBodiesAre400() {
        Api demo = api.as("demo");
        Reply malformed = demo.call(Method.POST, "/compute/v2.1/servers", "{\"server\": ");
        assertThat(malformed.status(), is(400));
        assertThat(malformed.body().at("/badRequest/code").asInt(), is(400));
        Reply emptyName = demo.call(Method.POST, "/compute/v2.1/servers",
                "{\"server\": {\"name\": \"\", \"imageRef\": \"i\", \"flavorRef\": \"1\"}}");
        assertThat(emptyName.status(), is(400));
        Reply noNetworks = demo.mv("2.37").call(Method.POST, "/compute/v2.1/servers", CREATE.formatted("n"));
        assertThat(noNetworks.status(), is(400));
        assertThat(noNetworks.body().at("/badRequest/message").asText(), containsString("networks"));
        Reply descriptionTooEarly = demo.call(Method.POST, "/compute/v2.1/servers",
                "{\"server\": {\"name\": \"d\", \"imageRef\": \"i\", \"flavorRef\": \"1\", \"description\": \"x\"}}");
        assertThat(descriptionTooEarly.status(), is(400));
    }

    @Test
    void bodiesOverOneMebibyteAre413() throws Exception {
        // over a raw socket: the server answers 413 and closes before it has read the whole body, which an ordinary
        // client (still writing) may see as a broken pipe instead of the answer
        byte[] body = ("{\"server\": {\"name\": \"" + "x".repeat(1024 * 1024 + 10) + "\"}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String head = "POST /compute/v2.1/servers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "X-Auth-Token: " + api.token("demo", "demo") + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n";
        byte[] request = new byte[head.length() + body.length];
        System.arraycopy(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, request, 0, head.length());
        System.arraycopy(body, 0, request, head.length(), body.length);
        RawHttp.Response r = new RawHttp(uri.getPort()).send(request);
        assertThat(r.status(), is(413));
        assertThat(r.text(), io.openvcluster.api.Json.MAPPER.readTree(r.body()).at("/overLimit/code").asInt(), is(413));
    }

    @Test
    void listQueryRules() {
        Api demo = api.as("demo");
        Reply allTenants = demo.get("/compute/v2.1/servers/detail?all_tenants=True");
        assertThat(allTenants.status(), is(403));
        assertThat(allTenants.body().at("/forbidden/message").asText(),
                is("Policy doesn't allow os_compute_api:servers:detail:get_all_tenants to be performed."));
        assertThat(api.as("admin").get("/compute/v2.1/servers/detail?all_tenants=True").status(), is(200));
        assertThat(COMPUTE.lastQuery.allProjects(), is(true));

        assertThat(demo.get("/compute/v2.1/servers?limit=-1").status(), is(400));
        assertThat(demo.get("/compute/v2.1/servers?limit=abc").status(), is(400));
        assertThat(demo.get("/compute/v2.1/servers?changes-since=yesterday").status(), is(400));
        assertThat(demo.get("/compute/v2.1/servers?name=%5B").status(), is(400));

        assertThat(demo.get("/compute/v2.1/servers/detail?status=active&changes-since=2026-01-01T00:00:00Z"
                + "&tags=a,b&not-tags=c&sort_key=display_name&sort_dir=asc&image=i1&flavor=f1").status(), is(200));
        var q = COMPUTE.lastQuery;
        assertThat(q.status().orElseThrow(), is("ACTIVE"));
        assertThat(q.tags(), is(List.of("a", "b")));
        assertThat(q.notTags(), is(List.of("c")));
        assertThat(q.sortKeys().getFirst().key(), is("display_name"));
        assertThat(q.sortKeys().getFirst().ascending(), is(true));
        assertThat(q.imageId().orElseThrow(), is("i1"));
        assertThat(q.changesSince().orElseThrow().toString(), is("2026-01-01T00:00:00Z"));
    }

    @Test
    void pagesLinkToTheNextPage() {
        Api alt = api.as("alt_demo");
        alt.createServer("page-a");
        alt.createServer("page-b");
        String third = alt.createServer("page-c");
        Reply page = alt.get("/compute/v2.1/servers?limit=1&name=page-");
        assertThat(ids(page.body().path("servers")), is(List.of(third)));
        String next = page.body().at("/servers_links/0/href").asText();
        assertThat(next, containsString("/compute/v2.1/servers?limit=1&name=page-&marker=" + third));
    }

    @Test
    void metadataApi() {
        Api demo = api.as("demo");
        String id = demo.createServer("meta");
        String base = "/compute/v2.1/servers/" + id + "/metadata";
        assertThat(demo.call(Method.POST, base, "{\"metadata\": {\"a\": \"1\", \"b\": \"2\"}}").body()
                .at("/metadata/b").asText(), is("2"));
        assertThat(demo.call(Method.PUT, base, "{\"metadata\": {\"c\": \"3\"}}").body().path("metadata").size(), is(1));
        assertThat(demo.get(base + "/c").body().at("/meta/c").asText(), is("3"));
        assertThat(demo.call(Method.PUT, base + "/d", "{\"meta\": {\"d\": \"4\"}}").body().at("/meta/d").asText(), is("4"));
        assertThat(demo.call(Method.PUT, base + "/d", "{\"meta\": {\"e\": \"4\"}}").status(), is(400));
        assertThat(demo.call(Method.PUT, base + "/d", "{\"meta\": {\"d\": \"4\", \"e\": \"5\"}}").status(), is(400));
        assertThat(demo.call(Method.POST, base, "{\"wrong\": {}}").status(), is(400));
        assertThat(demo.call(Method.DELETE, base + "/d", null).status(), is(204));
        assertThat(demo.get(base).body().path("metadata").has("d"), is(false));
        assertThat(demo.get(base + "/d").status(), is(404));
    }

    @Test
    void tagsApiFrom226() {
        Api demo = api.as("demo");
        String id = demo.createServer("tags");
        String base = "/compute/v2.1/servers/" + id + "/tags";
        assertThat(demo.get(base).status(), is(404));
        Api v226 = demo.mv("2.26");
        Reply added = v226.call(Method.PUT, base + "/blue", null);
        assertThat(added.status(), is(201));
        assertThat(added.header("Location").orElseThrow(), containsString(base + "/blue"));
        assertThat(v226.call(Method.PUT, base + "/blue", null).status(), is(204));
        assertThat(v226.get(base + "/blue").status(), is(204));
        assertThat(v226.get(base + "/red").status(), is(404));
        assertThat(v226.call(Method.PUT, base, "{\"tags\": [\"x\", \"y\"]}").body().path("tags").size(), is(2));
        assertThat(v226.call(Method.PUT, base, "{\"tags\": null}").status(), is(400));
        assertThat(v226.call(Method.DELETE, base + "/x", null).status(), is(204));
        assertThat(v226.get(base).body().path("tags").size(), is(1));
        assertThat(v226.call(Method.DELETE, base, null).status(), is(204));
        assertThat(v226.get(base).body().path("tags").size(), is(0));
    }

    @Test
    void actionsAnswer501NamingTheActionAfterThe404Check() {
        Api demo = api.as("demo");
        String id = demo.createServer("act");
        Reply shelve = demo.call(Method.POST, "/compute/v2.1/servers/" + id + "/action", "{\"shelve\": null}");
        assertThat(shelve.status(), is(501));
        assertThat(shelve.body().at("/notImplemented/message").asText(), startsWith("Action 'shelve' is not implemented yet"));
        assertThat(demo.call(Method.POST, "/compute/v2.1/servers/nope/action", "{\"shelve\": null}").status(), is(404));
        Reply unknown = demo.call(Method.POST, "/compute/v2.1/servers/" + id + "/action", "{\"fly\": {}}");
        assertThat(unknown.status(), is(400));
        assertThat(unknown.body().at("/badRequest/message").asText(), containsString("fly"));
        assertThat(demo.call(Method.POST, "/compute/v2.1/servers/" + id + "/action", "[]").status(), is(400));
    }

    @Test
    void flavors() {
        Api demo = api.as("demo").mv("2.61");
        Reply detail = demo.get("/compute/v2.1/flavors/detail?is_public=None");
        assertThat(detail.status(), is(200));
        assertThat(ids(detail.body().path("flavors")), is(List.of("1", "2", "3")));
        assertThat(detail.body().at("/flavors/1/extra_specs/pods").asText(), is("50"));
        assertThat(ids(demo.get("/compute/v2.1/flavors?is_public=True&minRam=2048").body().path("flavors")),
                is(List.of("2", "3")));
        Reply page = demo.get("/compute/v2.1/flavors?limit=1&marker=1");
        assertThat(ids(page.body().path("flavors")), is(List.of("2")));
        assertThat(page.body().at("/flavors_links/0/href").asText(), containsString("marker=2"));
        assertThat(demo.get("/compute/v2.1/flavors/3").body().at("/flavor/name").asText(), is("m1.medium"));
        assertThat(demo.get("/compute/v2.1/flavors/m1.tiny").status(), is(404));
        assertThat(demo.get("/compute/v2.1/flavors/2/os-extra_specs").body().at("/extra_specs/pods").asText(), is("50"));

        String body = """
                {"flavor": {"name": "big", "ram": 8192, "vcpus": 4, "disk": 80, "id": null, "swap": 0,
                  "OS-FLV-EXT-DATA:ephemeral": 0, "os-flavor-access:is_public": true, "rxtx_factor": 1.0}}
                """;
        Reply forbidden = demo.call(Method.POST, "/compute/v2.1/flavors", body);
        assertThat(forbidden.status(), is(403));
        assertThat(forbidden.body().at("/forbidden/message").asText(), containsString("os-flavor-manage:create"));
        Api admin = api.as("admin").mv("2.61");
        Reply created = admin.call(Method.POST, "/compute/v2.1/flavors", body);
        assertThat(created.text(), created.status(), is(200));
        String id = created.body().at("/flavor/id").asText();
        assertThat(created.body().at("/flavor/ram").asInt(), is(8192));
        assertThat(admin.call(Method.PUT, "/compute/v2.1/flavors/" + id + "/os-extra_specs/pods", "{\"pods\": \"9\"}")
                .body().path("pods").asText(), is("9"));
        assertThat(demo.get("/compute/v2.1/flavors/" + id + "/os-extra_specs/pods").body().path("pods").asText(), is("9"));
        assertThat(admin.call(Method.DELETE, "/compute/v2.1/flavors/" + id, null).status(), is(202));
        assertThat(demo.get("/compute/v2.1/flavors/" + id).status(), is(404));
    }

    @Test
    void novaImageProxyOnlyBefore236AndMiscEndpoints() {
        Api demo = api.as("demo");
        assertThat(demo.get("/compute/v2.1/images").status(), is(200));
        assertThat(demo.mv("2.36").get("/compute/v2.1/images").status(), is(404));
        Reply zones = demo.get("/compute/v2.1/os-availability-zone");
        assertThat(zones.body().at("/availabilityZoneInfo/0/zoneName").asText(), is("nova"));
    }

    @Test
    void unknownPathIs404AndWrongMethod405InNovaFormat() {
        Api demo = api.as("demo");
        Reply missing = demo.get("/compute/v2.1/no-such-thing");
        assertThat(missing.status(), is(404));
        assertThat(missing.body().at("/itemNotFound/code").asInt(), is(404));
        assertThat(missing.header("X-OpenStack-Nova-API-Version").orElseThrow(), is("2.1"));
        Reply wrongMethod = demo.call(Method.PATCH, "/compute/v2.1/servers", "{}");
        assertThat(wrongMethod.status(), is(405));
        assertThat(wrongMethod.body().at("/badMethod/code").asInt(), is(405));
        assertThat(wrongMethod.text(), not(containsString("Exception")));
    }

    @Test
    void unexpectedFailuresAre500WithoutDetails() {
        Reply r = api.as("demo").get("/compute/v2.1/servers/" + InMemoryComputeService.EXPLODING_ID);
        assertThat(r.status(), is(500));
        assertThat(r.body().at("/computeFault/code").asInt(), is(500));
        assertThat(r.text(), not(containsString("secret")));
        assertThat(r.text(), not(containsString("IllegalStateException")));
        assertThat(r.header("X-OpenStack-Nova-API-Version").orElseThrow(), is("2.1"));
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }
}
