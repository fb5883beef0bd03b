package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code Server-Timing} on the real domain: a create waits on the Kubernetes API (its record is written there), a
 * show is answered from the caches and waits on nothing.
 */
@ServerTest
class ServerTimingIT extends SandboxApiTest {
    private static final Pattern METRIC = Pattern.compile("([a-z]+);dur=(\\d+\\.\\d{3})");

    ServerTimingIT(Http1Client client) {
        super(client);
    }

    @Test
    void aCreateNamesItsKubernetesTimeAndAShowFromTheCacheHasNone() {
        Api demo = api.as("demo");
        Reply created = demo.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "timed", "imageRef": "%s", "flavorRef": "1"}}
                """.formatted(Fixtures.IMAGE));
        assertThat(created.text(), created.status(), is(202));
        Map<String, Double> create = timing(created);
        assertThat(create.keySet().toString(), create.keySet().toString(), is("[kube, app]"));
        assertThat("the record was written to the API server", create.get("kube"), greaterThan(0.0));
        assertThat(create.get("app"), greaterThanOrEqualTo(0.0));

        Reply shown = demo.get("/compute/v2.1/servers/" + created.body().at("/server/id").asText());
        assertThat(shown.text(), shown.status(), is(200));
        Map<String, Double> show = timing(shown);
        assertThat(show.get("kube"), is(0.0));
        assertThat(show.get("app"), greaterThanOrEqualTo(0.0));
    }

    @Test
    void errorsAndIdentityCarryTheHeaderToo() {
        Reply missing = api.as("demo").get("/compute/v2.1/servers/00000000-0000-4000-8000-000000000000");
        assertThat(missing.status(), is(404));
        assertThat(timing(missing).get("kube"), is(0.0));
        Reply token = api.call(Method.POST, "/identity/v3/auth/tokens",
                Api.passwordAuth("demo", Api.PASSWORD, "demo"));
        assertThat(token.status(), is(201));
        assertThat(timing(token).keySet().toString(), is("[kube, app]"));
    }

    @Test
    void durationsAreMillisecondsWithThreeDecimals() {
        assertThat(ServerTimingFilter.value(12_345_678, 7_000), is("kube;dur=12.345, app;dur=0.007"));
        assertThat(ServerTimingFilter.value(0, 1_050_000), is("kube;dur=0.000, app;dur=1.050"));
        assertThat(ServerTimingFilter.value(0, -5), is("kube;dur=0.000, app;dur=0.000"));
    }

    /** The header's metrics in order, name → milliseconds; the whole header must be made of them. */
    private static Map<String, Double> timing(Reply reply) {
        String header = reply.header("Server-Timing").orElseThrow(() -> new AssertionError("no Server-Timing"));
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String part : header.split(", ")) {
            Matcher m = METRIC.matcher(part);
            assertThat(header, m.matches(), is(true));
            metrics.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return metrics;
    }
}
