package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import org.junit.jupiter.api.Test;

/**
 * {@code os-server-password}: Nova's answer for a server whose guest posted no password (a vcluster never does), a
 * clear that changes nothing, 404 for a server the caller cannot see, and Nova's rule name when a reader clears.
 */
@ServerTest
class ServerPasswordApiIT extends SandboxApiTest {
    ServerPasswordApiIT(Http1Client client) {
        super(client);
    }

    private static String path(String id) {
        return "/compute/v2.1/servers/" + id + "/os-server-password";
    }

    @Test
    void passwordIsEmptyAndClearingChangesNothing() {
        Api demo = api.as("demo");
        String id = demo.createServer("no-password");
        Reply shown = demo.get(path(id));
        assertThat(shown.text(), shown.status(), is(200));
        assertThat(shown.text(), is("{\"password\":\"\"}"));
        String updated = demo.get("/compute/v2.1/servers/" + id).body().at("/server/updated").asText();
        Reply cleared = demo.call(Method.DELETE, path(id), null);
        assertThat(cleared.text(), cleared.status(), is(204));
        assertThat(cleared.text(), is(""));
        assertThat(demo.get(path(id)).body().path("password").asText(), is(""));
        assertThat(demo.get("/compute/v2.1/servers/" + id).body().at("/server/updated").asText(), is(updated));
        // any microversion: the API has not changed since 2.1
        assertThat(demo.mv("2.96").get(path(id)).status(), is(200));
        assertThat(demo.call(Method.PUT, path(id), "{}").status(), is(405));
    }

    @Test
    void anotherProjectsOrAnUnknownServerIs404() {
        String id = api.as("demo").createServer("private-password");
        Api alt = api.as("alt_demo");
        Reply foreign = alt.get(path(id));
        assertThat(foreign.status(), is(404));
        assertThat(foreign.body().has("itemNotFound"), is(true));
        assertThat(alt.call(Method.DELETE, path(id), null).status(), is(404));
        assertThat(api.as("demo").get(path("00000000-0000-0000-0000-000000000000")).status(), is(404));
        assertThat(api.as("demo").call(Method.DELETE, path("nope"), null).status(), is(404));
    }
}
