package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.identity.StableIds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Private flavors over HTTP on the real domain, as Nova: who sees them in a list, os-flavor-access (list, add,
 * remove, its 403/404/409), the string spellings of {@code is_public} at create, and the 2.55 description update.
 */
@ServerTest
class FlavorAccessApiIT extends SandboxApiTest {

    FlavorAccessApiIT(Http1Client client) {
        super(client);
    }

    private static String create(Api admin, String name, String isPublic) {
        Reply r = admin.call(Method.POST, "/compute/v2.1/flavors", "{\"flavor\": {\"name\": \"" + name
                + "\", \"ram\": 1024, \"vcpus\": 1, \"disk\": 10, \"os-flavor-access:is_public\": " + isPublic + "}}");
        assertThat(r.text(), r.status(), is(200));
        return r.body().at("/flavor/id").asText();
    }

    private static List<String> names(Reply list) {
        List<String> names = new ArrayList<>();
        list.body().path("flavors").forEach(f -> names.add(f.path("name").asText()));
        return names;
    }

    @Test
    void aPrivateFlavorIsSeenByAdminsOnAskingAndByTheProjectsItIsSharedWith() {
        Api admin = api.as("admin");
        Api demo = api.as("demo");
        String id = create(admin, "private-one", "\"False\"");
        // an admin's default list is the public flavors, as Nova's; is_public=False or None shows it
        assertThat(names(admin.get("/compute/v2.1/flavors")).contains("private-one"), is(false));
        assertThat(names(admin.get("/compute/v2.1/flavors?is_public=False")).contains("private-one"), is(true));
        assertThat(names(admin.get("/compute/v2.1/flavors?is_public=None")).contains("private-one"), is(true));
        assertThat(names(demo.get("/compute/v2.1/flavors?is_public=None")).contains("private-one"), is(false));
        assertThat(demo.get("/compute/v2.1/flavors/" + id).status(), is(404));

        assertThat(admin.get("/compute/v2.1/flavors/" + id + "/os-flavor-access").body().path("flavor_access")
                .size(), is(0));
        String project = StableIds.of("project", "demo");
        Reply added = admin.call(Method.POST, "/compute/v2.1/flavors/" + id + "/action",
                "{\"addTenantAccess\": {\"tenant\": \"" + project + "\"}}");
        assertThat(added.text(), added.status(), is(200));
        assertThat(added.body().at("/flavor_access/0/tenant_id").asText(), is(project));
        assertThat(added.body().at("/flavor_access/0/flavor_id").asText(), is(id));
        // now demo's project sees it and may use it
        assertThat(names(demo.get("/compute/v2.1/flavors")).contains("private-one"), is(true));
        assertThat(demo.get("/compute/v2.1/flavors/" + id).status(), is(200));
        Reply twice = admin.call(Method.POST, "/compute/v2.1/flavors/" + id + "/action",
                "{\"addTenantAccess\": {\"tenant\": \"" + project + "\"}}");
        assertThat(twice.text(), twice.status(), is(409));
        Reply byMember = demo.call(Method.POST, "/compute/v2.1/flavors/" + id + "/action",
                "{\"removeTenantAccess\": {\"tenant\": \"" + project + "\"}}");
        assertThat(byMember.text(), byMember.status(), is(403));

        Reply removed = admin.call(Method.POST, "/compute/v2.1/flavors/" + id + "/action",
                "{\"removeTenantAccess\": {\"tenant\": \"" + project + "\"}}");
        assertThat(removed.text(), removed.status(), is(200));
        assertThat(removed.body().path("flavor_access").size(), is(0));
        assertThat(demo.get("/compute/v2.1/flavors/" + id).status(), is(404));
        Reply notThere = admin.call(Method.POST, "/compute/v2.1/flavors/" + id + "/action",
                "{\"removeTenantAccess\": {\"tenant\": \"" + project + "\"}}");
        assertThat(notThere.text(), notThere.status(), is(404));
        Reply malformed = admin.call(Method.POST, "/compute/v2.1/flavors/" + id + "/action",
                "{\"addTenantAccess\": {\"tenant\": \"\"}}");
        assertThat(malformed.text(), malformed.status(), is(400));
    }

    @Test
    void aPublicFlavorHasNoAccessList() {
        Api admin = api.as("admin");
        String id = create(admin, "public-one", "\"yes\"");
        assertThat(names(api.as("demo").get("/compute/v2.1/flavors")).contains("public-one"), is(true));
        assertThat(admin.get("/compute/v2.1/flavors/" + id + "/os-flavor-access").status(), is(404));
        Reply add = admin.call(Method.POST, "/compute/v2.1/flavors/" + id + "/action",
                "{\"addTenantAccess\": {\"tenant\": \"p\"}}");
        assertThat(add.text(), add.status(), is(409));
        assertThat(api.as("demo").get("/compute/v2.1/flavors/" + id + "/os-flavor-access").status(), is(403));
    }

    @Test
    void from255AnAdminChangesTheDescriptionAndNothingElse() {
        Api admin = api.as("admin");
        String id = create(admin, "described", "true");
        String body = "{\"flavor\": {\"description\": \"for small teams\"}}";
        assertThat(admin.mv("2.54").call(Method.PUT, "/compute/v2.1/flavors/" + id, body).status(), is(404));
        assertThat(api.as("demo").mv("2.55").call(Method.PUT, "/compute/v2.1/flavors/" + id, body).status(), is(403));
        Reply updated = admin.mv("2.55").call(Method.PUT, "/compute/v2.1/flavors/" + id, body);
        assertThat(updated.text(), updated.status(), is(200));
        assertThat(updated.body().at("/flavor/description").asText(), is("for small teams"));
        JsonNode shown = admin.mv("2.55").get("/compute/v2.1/flavors/" + id).body().path("flavor");
        assertThat(shown.path("description").asText(), is("for small teams"));
        assertThat(shown.path("ram").asInt(), is(1024));
        Reply renamed = admin.mv("2.55").call(Method.PUT, "/compute/v2.1/flavors/" + id,
                "{\"flavor\": {\"description\": \"x\", \"name\": \"other\"}}");
        assertThat(renamed.text(), renamed.status(), is(400));
    }
}
