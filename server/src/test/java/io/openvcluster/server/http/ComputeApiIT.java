package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.kube.crd.KeyPairRecord;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.RawHttp;
import io.openvcluster.translator.DefaultCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Nova's compute API over HTTP on the real domain: versions, authentication, microversions, servers and their
 * lists, metadata, tags, flavors and the fault bodies, as clients see them.
 */
@ServerTest
class ComputeApiIT extends SandboxApiTest {
    private static final String CREATE = """
            {"server": {"name": "%s", "imageRef": "%s", "flavorRef": "1", "min_count": 1, "max_count": 1}}
            """;
    private final java.net.URI uri;

    ComputeApiIT(Http1Client client, java.net.URI uri) {
        super(client);
        this.uri = uri;
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
                {"server": {"name": "web", "imageRef": "%s", "flavorRef": "1", "networks": "auto",
                  "metadata": {"role": "web"}, "description": "first"}}
                """.formatted(Fixtures.IMAGE));
        assertThat(created.text(), created.status(), is(202));
        String id = created.body().at("/server/id").asText();
        assertThat(created.header("Location").orElseThrow(), containsString("/compute/v2.1/servers/" + id));
        // no adminPass: a vcluster has none, so none is answered (Nova without enable_instance_password)
        assertThat(created.body().at("/server").has("adminPass"), is(false));

        Reply shown = demo.get("/compute/v2.1/servers/" + id);
        assertThat(shown.status(), is(200));
        assertThat(shown.body().at("/server/name").asText(), is("web"));
        assertThat(shown.body().at("/server/metadata/role").asText(), is("web"));
        assertThat(shown.body().at("/server/description").asText(), is("first"));
        // BUILD until the simulated host has started it, which a slow machine may already see done
        assertThat(shown.body().at("/server/status").asText(), anyOf(is("BUILD"), is("ACTIVE")));

        Reply updated = demo.call(Method.PUT, "/compute/v2.1/servers/" + id, "{\"server\": {\"name\": \"web2\"}}");
        assertThat(updated.status(), is(200));
        assertThat(updated.body().at("/server/name").asText(), is("web2"));

        Reply list = demo.get("/compute/v2.1/servers?name=web2&deleted=False&unknown=1");
        assertThat(list.status(), is(200));
        assertThat(ids(list.body().path("servers")), is(List.of(id)));
        assertThat(list.body().at("/servers/0/links/0/rel").asText(), is("self"));
        Reply detail = demo.get("/compute/v2.1/servers/detail?name=web2");
        assertThat(detail.body().at("/servers/0/name").asText(), is("web2"));

        // the address is the vcluster Service's, assigned while it is built
        demo.awaitIdle(id, "ACTIVE");
        JsonNode ips = demo.get("/compute/v2.1/servers/" + id + "/ips").body();
        String addr = ips.at("/addresses/vcluster/0/addr").asText();
        assertThat(addr, addr.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), is(true));
        assertThat(ips.at("/addresses/vcluster/0/version").asInt(), is(4));
        // in the project's default group, as Nova puts a server that names none
        assertThat(demo.get("/compute/v2.1/servers/" + id + "/os-security-groups").body().at("/security_groups/0/name")
                .asText(), is("default"));

        // another project does not see it
        assertThat(api.as("alt_demo").get("/compute/v2.1/servers/" + id).status(), is(404));

        // accepted at once; the server is gone once the host has torn its vcluster down
        assertThat(demo.call(Method.DELETE, "/compute/v2.1/servers/" + id, null).status(), is(204));
        Eventually.await("the deleted server is gone", () -> demo.get("/compute/v2.1/servers/" + id).status() == 404);
    }

    @Test
    void imageMayComeFromTheBootDeviceAndReservationIdIsReturnedWhenAsked() {
        Api demo = api.as("demo").mv("2.96");
        // not the default image, so that the server's image can only have come from the boot device
        String image = DefaultCatalog.images().get(1).id();
        Reply r = demo.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "bdm", "flavorRef": "1", "networks": "none", "min_count": 1, "max_count": 1,
                  "block_device_mapping_v2": [{"uuid": "%s", "boot_index": 0, "source_type": "image",
                    "destination_type": "local", "delete_on_termination": true}]}}
                """.formatted(image));
        assertThat(r.text(), r.status(), is(202));
        String id = r.body().at("/server/id").asText();
        assertThat(demo.get("/compute/v2.1/servers/" + id).body().at("/server/image/id").asText(), is(image));

        Reply reservation = demo.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "many", "imageRef": "%s", "flavorRef": "1", "networks": "auto",
                  "min_count": 2, "max_count": 2, "return_reservation_id": true}}
                """.formatted(Fixtures.IMAGE));
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
        Reply noNetworks = demo.mv("2.37").call(Method.POST, "/compute/v2.1/servers",
                CREATE.formatted("n", Fixtures.IMAGE));
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

    /**
     * The list's query parameters as Nova reads them: all_tenants is an admin's, bad values are 400, and each filter
     * and the sort are applied (the two servers match the whole query; changing any one filter leaves none).
     */
    @Test
    void listQueryRules() {
        Api demo = api.as("demo");
        Reply allTenants = demo.get("/compute/v2.1/servers/detail?all_tenants=True");
        assertThat(allTenants.status(), is(403));
        assertThat(allTenants.body().at("/forbidden/message").asText(),
                is("Policy doesn't allow os_compute_api:servers:detail:get_all_tenants to be performed."));

        assertThat(demo.get("/compute/v2.1/servers?limit=-1").status(), is(400));
        assertThat(demo.get("/compute/v2.1/servers?limit=abc").status(), is(400));
        assertThat(demo.get("/compute/v2.1/servers?changes-since=yesterday").status(), is(400));
        assertThat(demo.get("/compute/v2.1/servers?name=%5B").status(), is(400));

        // "list-a" first, so the default order (newest first) is b, a and only the sort asked for gives a, b
        String a = createTagged(demo, "list-a");
        String b = createTagged(demo, "list-b");
        demo.awaitIdle(a, "ACTIVE");
        demo.awaitIdle(b, "ACTIVE");
        Api admin = api.as("admin");
        assertThat(ids(admin.get("/compute/v2.1/servers/detail?all_tenants=True").body().path("servers")),
                hasItems(a, b));
        assertThat(ids(admin.get("/compute/v2.1/servers/detail").body().path("servers")), not(hasItem(a)));
        // the parameter's presence without a value means all projects, as in Nova; any other value must be boolean
        assertThat(ids(admin.get("/compute/v2.1/servers/detail?all_tenants").body().path("servers")), hasItems(a, b));
        assertThat(ids(admin.get("/compute/v2.1/servers/detail?all_tenants=").body().path("servers")), hasItems(a, b));
        assertThat(demo.get("/compute/v2.1/servers/detail?all_tenants=").status(), is(403));
        assertThat(admin.get("/compute/v2.1/servers/detail?all_tenants=maybe").status(), is(400));

        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", "active");
        query.put("changes-since", "2000-01-01T00:00:00Z");
        query.put("tags", "a,b");
        query.put("not-tags", "c");
        query.put("sort_key", "display_name");
        query.put("sort_dir", "asc");
        query.put("image", Fixtures.IMAGE);
        query.put("flavor", "1");
        assertThat(ids(detail(demo, query)), is(List.of(a, b)));
        Map<String, String> excluding = Map.of("status", "shutoff", "changes-since", "2999-01-01T00:00:00Z",
                "tags", "a,z", "not-tags", "b", "image", DefaultCatalog.images().get(1).id(), "flavor", "2");
        excluding.forEach((parameter, value) -> {
            Map<String, String> changed = new LinkedHashMap<>(query);
            changed.put(parameter, value);
            assertThat(parameter + "=" + value, ids(detail(demo, changed)), is(List.of()));
        });
    }

    /** A server created with tags a and b (2.52), not waited for. */
    private static String createTagged(Api as, String name) {
        Reply r = as.mv("2.52").call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "%s", "imageRef": "%s", "flavorRef": "1", "networks": "none",
                  "tags": ["a", "b"]}}""".formatted(name, Fixtures.IMAGE));
        assertThat(r.text(), r.status(), is(202));
        return r.body().at("/server/id").asText();
    }

    private static JsonNode detail(Api as, Map<String, String> query) {
        Reply r = as.get("/compute/v2.1/servers/detail?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&")));
        assertThat(r.text(), r.status(), is(200));
        return r.body().path("servers");
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
        String id = sharedServer("shared");
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
        // tags change only while the server is ACTIVE (or another steady state), as in Nova
        String id = sharedServer("shared");
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
        String id = sharedServer("shared");
        Reply notYet = demo.call(Method.POST, "/compute/v2.1/servers/" + id + "/action", "{\"migrate\": null}");
        assertThat(notYet.status(), is(501));
        assertThat(notYet.body().at("/notImplemented/message").asText(), startsWith("Action 'migrate' is not implemented yet"));
        assertThat(demo.call(Method.POST, "/compute/v2.1/servers/nope/action", "{\"migrate\": null}").status(), is(404));
        Reply unknown = demo.call(Method.POST, "/compute/v2.1/servers/" + id + "/action", "{\"fly\": {}}");
        assertThat(unknown.status(), is(400));
        assertThat(unknown.body().at("/badRequest/message").asText(), containsString("fly"));
        assertThat(demo.call(Method.POST, "/compute/v2.1/servers/" + id + "/action", "[]").status(), is(400));
    }

    /** The default catalog's flavors (1 to 5, vc.tiny of 1 GiB to vc.xlarge), and an admin's changes to them. */
    @Test
    void flavors() {
        Api demo = api.as("demo").mv("2.61");
        Api admin = api.as("admin").mv("2.61");
        Reply spec = admin.call(Method.POST, "/compute/v2.1/flavors/2/os-extra_specs",
                "{\"extra_specs\": {\"pods\": \"50\"}}");
        assertThat(spec.text(), spec.status(), is(200));
        Reply detail = demo.get("/compute/v2.1/flavors/detail?is_public=None");
        assertThat(detail.status(), is(200));
        assertThat(ids(detail.body().path("flavors")), is(List.of("1", "2", "3", "4", "5")));
        assertThat(detail.body().at("/flavors/1/extra_specs/pods").asText(), is("50"));
        assertThat(ids(demo.get("/compute/v2.1/flavors?is_public=True&minRam=2048").body().path("flavors")),
                is(List.of("2", "3", "4", "5")));
        Reply page = demo.get("/compute/v2.1/flavors?limit=1&marker=1");
        assertThat(ids(page.body().path("flavors")), is(List.of("2")));
        assertThat(page.body().at("/flavors_links/0/href").asText(), containsString("marker=2"));
        assertThat(demo.get("/compute/v2.1/flavors/3").body().at("/flavor/name").asText(), is("vc.medium"));
        // a flavor is found by its id, not by its name
        assertThat(demo.get("/compute/v2.1/flavors/vc.tiny").status(), is(404));
        assertThat(demo.get("/compute/v2.1/flavors/2/os-extra_specs").body().at("/extra_specs/pods").asText(), is("50"));

        String body = """
                {"flavor": {"name": "big", "ram": 8192, "vcpus": 4, "disk": 80, "id": null, "swap": 0,
                  "OS-FLV-EXT-DATA:ephemeral": 0, "os-flavor-access:is_public": true, "rxtx_factor": 1.0}}
                """;
        Reply forbidden = demo.call(Method.POST, "/compute/v2.1/flavors", body);
        assertThat(forbidden.status(), is(403));
        assertThat(forbidden.body().at("/forbidden/message").asText(), containsString("os-flavor-manage:create"));
        Reply created = admin.call(Method.POST, "/compute/v2.1/flavors", body);
        assertThat(created.text(), created.status(), is(200));
        String id = created.body().at("/flavor/id").asText();
        assertThat(created.body().at("/flavor/ram").asInt(), is(8192));
        assertThat(admin.call(Method.PUT, "/compute/v2.1/flavors/" + id + "/os-extra_specs/pods", "{\"pods\": \"9\"}")
                .body().path("pods").asText(), is("9"));
        assertThat(demo.get("/compute/v2.1/flavors/" + id + "/os-extra_specs/pods").body().path("pods").asText(), is("9"));
        assertThat(admin.call(Method.DELETE, "/compute/v2.1/flavors/" + id, null).status(), is(202));
        assertThat(demo.get("/compute/v2.1/flavors/" + id).status(), is(404));

        // Nova takes a flavor id as a string, a number or null; a number is the id's text
        Reply numbered = admin.call(Method.POST, "/compute/v2.1/flavors", """
                {"flavor": {"name": "numbered", "ram": 1024, "vcpus": 1, "disk": 10, "id": 4242}}""");
        assertThat(numbered.text(), numbered.status(), is(200));
        assertThat(numbered.body().at("/flavor/id").asText(), is("4242"));
        assertThat(demo.get("/compute/v2.1/flavors/4242").status(), is(200));
        assertThat(admin.call(Method.DELETE, "/compute/v2.1/flavors/4242", null).status(), is(202));
    }

    /** Nova returns an access IPv6 address in its canonical form, whatever form it was given in. */
    @Test
    void accessAddressesReadBackCanonical() {
        Api demo = api.as("demo");
        Reply created = demo.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "addressed", "imageRef": "%s", "flavorRef": "1",
                  "accessIPv4": "10.0.0.7", "accessIPv6": "0:0:0:0:0:BABE:DC0C:1602"}}""".formatted(Fixtures.IMAGE));
        assertThat(created.text(), created.status(), is(202));
        String id = created.body().at("/server/id").asText();
        JsonNode server = demo.get("/compute/v2.1/servers/" + id).body().path("server");
        assertThat(server.path("accessIPv4").asText(), is("10.0.0.7"));
        assertThat(server.path("accessIPv6").asText(), is("::babe:dc0c:1602"));
        Reply updated = demo.call(Method.PUT, "/compute/v2.1/servers/" + id,
                "{\"server\": {\"accessIPv6\": \"2001:0db8:0000:0000:0000:0000:0000:0001\"}}");
        assertThat(updated.text(), updated.body().at("/server/accessIPv6").asText(), is("2001:db8::1"));
    }

    @Test
    void novaImageProxyOnlyBefore236AndMiscEndpoints() {
        Api demo = api.as("demo");
        assertThat(demo.get("/compute/v2.1/images").status(), is(200));
        assertThat(demo.mv("2.36").get("/compute/v2.1/images").status(), is(404));
        Reply zones = demo.get("/compute/v2.1/os-availability-zone");
        assertThat(zones.body().at("/availabilityZoneInfo/0/zoneName").asText(), is("nova"));
    }

    /** Nova v2.1's extension list: the ones this facade serves, each of which answers; any caller may read it. */
    @Test
    void extensionsListWhatIsServed() {
        Api demo = api.as("demo");
        Reply list = demo.get("/compute/v2.1/extensions");
        assertThat(list.text(), list.status(), is(200));
        java.util.List<String> aliases = new java.util.ArrayList<>();
        list.body().path("extensions").forEach(e -> aliases.add(e.path("alias").asText()));
        assertThat(aliases.containsAll(java.util.List.of("OS-DCF", "os-keypairs", "os-server-tags",
                "os-server-password", "os-instance-actions", "os-availability-zone")), is(true));
        assertThat(aliases.contains("os-volumes"), is(false));
        Reply one = demo.mv("2.96").get("/compute/v2.1/extensions/os-keypairs");
        assertThat(one.text(), one.status(), is(200));
        assertThat(one.body().at("/extension/name").asText(), is("Keypairs"));
        assertThat(one.body().at("/extension/namespace").asText(), is("http://docs.openstack.org/compute/ext/fake_xml"));
        Reply unknown = demo.get("/compute/v2.1/extensions/os-volumes");
        assertThat(unknown.status(), is(404));
        assertThat(unknown.body().at("/itemNotFound/code").asInt(), is(404));
        assertThat(api.get("/compute/v2.1/extensions").status(), is(401));
        assertThat(api.as("alt_demo").get("/compute/v2.1/extensions").text(), is(list.text()));
        assertThat(api.as("admin").get("/compute/v2.1/extensions/OS-DCF").status(), is(200));
        assertThat(demo.call(Method.POST, "/compute/v2.1/extensions", "{}").status(), is(405));
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

    /**
     * A failure the domain does not expect is Nova's 500 with a generic sentence, never the exception or its
     * message. Made real with a record the facade cannot read: a key pair whose creation time, changed behind the
     * facade's back, is not a time.
     */
    @Test
    void unexpectedFailuresAre500WithoutDetails() {
        Api demo = api.as("demo");
        Reply created = demo.mv("2.10").call(Method.POST, "/compute/v2.1/os-keypairs",
                "{\"keypair\": {\"name\": \"unreadable\"}}");
        assertThat(created.text(), created.status(), is(201));
        var keyPairs = SandboxDomain.client().resources(KeyPairRecord.class).inNamespace(Fixtures.settings().namespace());
        KeyPairRecord record = keyPairs.list().getItems().stream()
                .filter(k -> k.getSpec().getName().equals("unreadable")).findFirst().orElseThrow();
        record.getSpec().setCreatedAt("secret internal detail");
        keyPairs.resource(record).update();

        Reply r = Eventually.awaitValue("the facade has the changed record", () -> {
            Reply reply = demo.get("/compute/v2.1/os-keypairs/unreadable");
            return reply.status() == 200 ? null : reply;
        });
        assertThat(r.status(), is(500));
        assertThat(r.body().at("/computeFault/code").asInt(), is(500));
        assertThat(r.body().at("/computeFault/message").asText(),
                is("The server has either erred or is incapable of performing the requested operation."));
        assertThat(r.text(), not(containsString("secret")));
        assertThat(r.text(), not(containsString("Exception")));
        assertThat(r.header("X-OpenStack-Nova-API-Version").orElseThrow(), is("2.1"));
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }
}
