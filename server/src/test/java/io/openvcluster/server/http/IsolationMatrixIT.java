package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.identity.StableIds;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.TestSandbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation on the real compute domain (records in the embedded Kubernetes API): every Nova endpoint that
 * names a server, called with a token of another project, reads nothing (404, as Nova hides another project's
 * server), writes nothing, and leaves the server exactly as it was; lists do not show it; flavor management is
 * refused to a non-admin (403). Glance has no project-private images yet (snapshots come with createImage), so its
 * part is the list and show of the public catalog only.
 */
@ServerTest
class IsolationMatrixIT extends ApiTest {
    private static TestSandbox sandbox;

    IsolationMatrixIT(Http1Client client) {
        super(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        sandbox = TestSandbox.builder().settings(settings -> BackendSettings.sandbox()).startWithBackend();
        Api.routing(routing, sandbox.backend().domain());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private record Call(Method method, String path, String body) {
        @Override
        public String toString() {
            return method.text() + " " + path;
        }
    }

    @Test
    void anotherProjectCannotReadWriteOrChangeAServer() {
        Api demo = api.as("demo");
        Api alt = api.as("alt_demo");
        String flavor = demo.get("/compute/v2.1/flavors").body().at("/flavors/0/id").asText();
        String image = demo.get("/image/v2/images").body().at("/images/0/id").asText();
        Reply created = demo.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "private-vc", "imageRef": "%s", "flavorRef": "%s",
                  "metadata": {"owner": "demo"}}}""".formatted(image, flavor));
        assertThat(created.text(), created.status(), is(202));
        String id = created.body().at("/server/id").asText();
        // tags may only change once the server is ACTIVE, as in Nova
        Eventually.await("the server becomes ACTIVE", () -> demo.get("/compute/v2.1/servers/" + id).body()
                .at("/server/status").asText().equals("ACTIVE"));
        assertThat(demo.mv("2.26").call(Method.PUT, "/compute/v2.1/servers/" + id + "/tags/keep", null).status(),
                is(201));
        JsonNode before = demo.mv("2.26").get("/compute/v2.1/servers/" + id).body().path("server");

        String s = "/compute/v2.1/servers/" + id;
        List<Call> calls = List.of(
                new Call(Method.GET, s, null),
                new Call(Method.PUT, s, "{\"server\": {\"name\": \"stolen\"}}"),
                new Call(Method.DELETE, s, null),
                new Call(Method.GET, s + "/ips", null),
                new Call(Method.GET, s + "/ips/private", null),
                new Call(Method.GET, s + "/os-security-groups", null),
                new Call(Method.GET, s + "/os-server-password", null),
                new Call(Method.DELETE, s + "/os-server-password", null),
                new Call(Method.POST, s + "/action", "{\"os-stop\": null}"),
                new Call(Method.POST, s + "/action", "{\"os-start\": null}"),
                new Call(Method.POST, s + "/action", "{\"reboot\": {\"type\": \"HARD\"}}"),
                new Call(Method.POST, s + "/action", "{\"os-getConsoleOutput\": {\"length\": 10}}"),
                new Call(Method.GET, s + "/metadata", null),
                new Call(Method.GET, s + "/metadata/owner", null),
                new Call(Method.POST, s + "/metadata", "{\"metadata\": {\"owner\": \"alt\"}}"),
                new Call(Method.PUT, s + "/metadata", "{\"metadata\": {}}"),
                new Call(Method.PUT, s + "/metadata/owner", "{\"meta\": {\"owner\": \"alt\"}}"),
                new Call(Method.DELETE, s + "/metadata/owner", null),
                new Call(Method.GET, s + "/tags", null),
                new Call(Method.GET, s + "/tags/keep", null),
                new Call(Method.PUT, s + "/tags", "{\"tags\": []}"),
                new Call(Method.PUT, s + "/tags/stolen", null),
                new Call(Method.DELETE, s + "/tags/keep", null),
                new Call(Method.DELETE, s + "/tags", null),
                new Call(Method.POST, s + "/action", "{\"pause\": null}"),
                new Call(Method.POST, s + "/action", "{\"suspend\": null}"),
                new Call(Method.POST, s + "/action", "{\"lock\": null}"),
                new Call(Method.POST, s + "/action", "{\"unlock\": null}"),
                new Call(Method.POST, s + "/action", "{\"resize\": {\"flavorRef\": \"2\"}}"),
                new Call(Method.POST, s + "/action", "{\"confirmResize\": null}"),
                new Call(Method.POST, s + "/action", "{\"revertResize\": null}"),
                new Call(Method.GET, s + "/os-instance-actions", null),
                new Call(Method.GET, s + "/os-instance-actions/" + created.header("X-Compute-Request-Id").orElseThrow(), null),
                new Call(Method.POST, s + "/remote-consoles",
                        "{\"remote_console\": {\"protocol\": \"vnc\", \"type\": \"novnc\"}}"));
        List<String> leaks = new ArrayList<>();
        for (Call call : calls) {
            Reply r = alt.mv("2.26").call(call.method(), call.path(), call.body());
            if (r.status() != 404) {
                leaks.add(call + " -> " + r.status() + " " + r.text());
            }
        }
        Reply legacyConsole = alt.mv("2.5").call(Method.POST, s + "/action", "{\"os-getVNCConsole\": {\"type\": \"novnc\"}}");
        if (legacyConsole.status() != 404) {
            leaks.add("POST " + s + "/action os-getVNCConsole (2.5) -> " + legacyConsole.status() + " " + legacyConsole.text());
        }
        assertEquals(List.of(), leaks, "calls with another project's token must all be 404");

        // asking for every project is admin-only (Nova: 403), not an empty list
        assertThat(alt.get("/compute/v2.1/servers?all_tenants=1").status(), is(403));
        for (String list : List.of("/compute/v2.1/servers", "/compute/v2.1/servers/detail",
                "/compute/v2.1/servers/detail?name=private-vc")) {
            Reply r = alt.get(list);
            assertThat(list, r.status(), is(200));
            assertThat(list, r.text().contains(id), is(false));
        }

        JsonNode after = demo.mv("2.26").get("/compute/v2.1/servers/" + id).body().path("server");
        assertThat(after.path("name").asText(), is("private-vc"));
        assertThat(after.path("metadata"), is(before.path("metadata")));
        assertThat(after.path("tags"), is(before.path("tags")));
        assertThat(after.path("updated").asText(), is(before.path("updated").asText()));
    }

    @Test
    void anotherProjectCannotSeeOrChangeKeyPairsQuotasOrLimits() {
        Api demo = api.as("demo").mv("2.10");
        Api alt = api.as("alt_demo").mv("2.10");
        Reply key = demo.call(Method.POST, "/compute/v2.1/os-keypairs", "{\"keypair\": {\"name\": \"demo-key\"}}");
        assertThat(key.text(), key.status(), is(201));
        String demoProject = StableIds.of("project", "demo");

        assertThat(alt.get("/compute/v2.1/os-keypairs/demo-key").status(), is(404));
        assertThat(alt.call(Method.DELETE, "/compute/v2.1/os-keypairs/demo-key", null).status(), is(404));
        assertThat(alt.get("/compute/v2.1/os-keypairs").text().contains("demo-key"), is(false));
        // Nova's policy answers 403 (not 404) for another project's quota and limits
        assertThat(alt.get("/compute/v2.1/os-quota-sets/" + demoProject).status(), is(403));
        assertThat(alt.call(Method.PUT, "/compute/v2.1/os-quota-sets/" + demoProject,
                "{\"quota_set\": {\"instances\": 1000}}").status(), is(403));
        assertThat(alt.get("/compute/v2.1/limits?tenant_id=" + demoProject).status(), is(403));

        assertThat(demo.get("/compute/v2.1/os-keypairs/demo-key").status(), is(200));
        assertThat(demo.get("/compute/v2.1/os-quota-sets/" + demoProject).body().at("/quota_set/instances").asInt(), is(10));
    }

    @Test
    void flavorManagementIsAdminOnly() {
        Api demo = api.as("demo");
        String flavor = demo.get("/compute/v2.1/flavors").body().at("/flavors/0/id").asText();
        assertThat(demo.call(Method.POST, "/compute/v2.1/flavors", """
                {"flavor": {"name": "mine", "ram": 512, "vcpus": 1, "disk": 1}}""").status(), is(403));
        assertThat(demo.call(Method.DELETE, "/compute/v2.1/flavors/" + flavor, null).status(), is(403));
        assertThat(demo.call(Method.POST, "/compute/v2.1/flavors/" + flavor + "/os-extra_specs",
                "{\"extra_specs\": {\"k\": \"v\"}}").status(), is(403));
        assertThat(demo.get("/compute/v2.1/flavors/" + flavor).status(), is(200));
    }

    @Test
    void imagesAreThePublicCatalogForEveryProject() {
        Reply demo = api.as("demo").get("/image/v2/images");
        Reply alt = api.as("alt_demo").get("/image/v2/images");
        assertThat(demo.status(), is(200));
        assertThat(alt.body().path("images").size(), is(demo.body().path("images").size()));
        alt.body().path("images").forEach(i -> assertThat(i.path("visibility").asText(), is("public")));
    }
}
