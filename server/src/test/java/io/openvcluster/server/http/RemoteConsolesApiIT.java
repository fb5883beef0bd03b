package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /servers/{id}/remote-consoles} and the download its URL points at, on the real domain: the console of
 * a vcluster is its kubeconfig, which exists once the server is ACTIVE.
 */
@ServerTest
class RemoteConsolesApiIT extends SandboxApiTest {
    private static final String VNC = "{\"remote_console\": {\"protocol\": \"vnc\", \"type\": \"novnc\"}}";

    RemoteConsolesApiIT(Http1Client client) {
        super(client);
    }

    /** demo's server "c1", ACTIVE; the tests only open consoles of it. */
    private String server() {
        return sharedServer("c1");
    }

    @Test
    void theConsoleUrlDownloadsTheKubeconfigWithoutAToken() {
        String id = server();
        Reply r = api.as("demo").mv("2.6").with("Host", "cloud.test:8774")
                .call(Method.POST, "/compute/v2.1/servers/" + id + "/remote-consoles", VNC);
        assertThat(r.text(), r.status(), is(200));
        assertThat(r.body().at("/remote_console/protocol").asText(), is("vnc"));
        assertThat(r.body().at("/remote_console/type").asText(), is("novnc"));
        String url = r.body().at("/remote_console/url").asText();
        assertThat(url, startsWith("http://cloud.test:8774/console/kubeconfig/"));

        Reply download = api.get(URI.create(url).getPath());
        assertThat(download.status(), is(200));
        assertThat(download.header("Content-Type").orElseThrow(), startsWith("application/yaml"));
        assertThat(download.header("Content-Disposition").orElseThrow(), is("attachment; filename=\"c1.kubeconfig\""));
        assertThat(download.text(), startsWith("# kubeconfig of server c1 (" + id + ")"));
        assertThat(download.text(), containsString("kind: Config"));
    }

    @Test
    void beforeMicroversion26TheApiDoesNotExist() {
        String id = server();
        Reply r = api.as("demo").mv("2.5").call(Method.POST, "/compute/v2.1/servers/" + id + "/remote-consoles", VNC);
        assertThat(r.status(), is(404));
        assertThat(r.body().at("/itemNotFound/code").asInt(), is(404));
    }

    @Test
    void badBodiesAre400AndChangeNothing() {
        String id = server();
        Api demo = api.as("demo").mv("2.8");
        for (String body : new String[] {"{}", "{\"remote_console\": {\"protocol\": \"vnc\"}}",
                "{\"remote_console\": {\"protocol\": \"telnet\", \"type\": \"novnc\"}}", "not json"}) {
            Reply r = demo.call(Method.POST, "/compute/v2.1/servers/" + id + "/remote-consoles", body);
            assertThat(body, r.status(), is(400));
            assertThat(body, r.body().at("/badRequest/code").asInt(), is(400));
        }
    }

    @Test
    void anotherProjectsServerIsNotFoundAndAnUnknownTicketIs404() {
        String id = server();
        Reply r = api.as("alt_demo").mv("2.6").call(Method.POST, "/compute/v2.1/servers/" + id + "/remote-consoles", VNC);
        assertThat(r.status(), is(404));
        Reply unknown = api.get("/console/kubeconfig/ticket-nope");
        assertThat(unknown.status(), is(404));
        assertThat(unknown.body().at("/itemNotFound/message").asText(), containsString("invalid or has expired"));
    }

    @Test
    void theLegacyVncConsoleActionGivesTheSameUrlBeforeMicroversion26() {
        String id = server();
        String action = "/compute/v2.1/servers/" + id + "/action";
        Reply r = api.as("demo").mv("2.5").call(Method.POST, action, "{\"os-getVNCConsole\": {\"type\": \"novnc\"}}");
        assertThat(r.text(), r.status(), is(200));
        assertThat(r.body().at("/console/type").asText(), is("novnc"));
        // a URL of the same download: the same kubeconfig as through remote-consoles
        String legacy = URI.create(r.body().at("/console/url").asText()).getPath();
        assertThat(legacy, startsWith("/console/kubeconfig/"));
        Reply current = api.as("demo").mv("2.6").call(Method.POST, "/compute/v2.1/servers/" + id + "/remote-consoles",
                VNC);
        String url = URI.create(current.body().at("/remote_console/url").asText()).getPath();
        Reply legacyDownload = api.get(legacy);
        assertThat(legacyDownload.status(), is(200));
        assertThat(legacyDownload.text(), is(api.get(url).text()));

        Reply bad = api.as("demo").mv("2.1").call(Method.POST, action, "{\"os-getVNCConsole\": {\"type\": \"serial\"}}");
        assertThat(bad.status(), is(400));
        Reply gone = api.as("demo").mv("2.6").call(Method.POST, action, "{\"os-getVNCConsole\": {\"type\": \"novnc\"}}");
        assertThat(gone.status(), is(404));
    }
}
