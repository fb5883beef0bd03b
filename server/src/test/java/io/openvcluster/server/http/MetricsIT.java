package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.identity.StableIds;
import io.openvcluster.server.observe.FacadeMeters;
import io.openvcluster.server.testing.Eventually;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code /observe/metrics} as Prometheus scrapes it, without a token: the requests by route and status, the
 * Kubernetes API calls and the reconciler's passes move with the calls made, and the project's gauges say what Nova's
 * own API says of the project (its servers by status, its quota in use), in the scrape right after a change.
 */
@ServerTest
class MetricsIT extends SandboxApiTest {
    private static final String MISSING = "/compute/v2.1/servers/0c8a1b0e-0000-4000-8000-000000000000";

    MetricsIT(Http1Client client) {
        super(client);
    }

    @SetUpServer
    static void observe(WebServerConfig.Builder server) {
        server.addFeature(ObserveFeature.just(MetricsObserver.builder().meterRegistry(FacadeMeters.registry()).build()));
    }

    @Test
    void aScrapeFollowsTheCallsTheHostAndTheProjects() {
        Api demo = api.as("demo");
        String project = StableIds.of("project", "demo");
        String before = scrape();

        String id = demo.createServer("metered");
        demo.awaitIdle(id, "ACTIVE");
        assertThat(demo.get(MISSING).status(), is(404));
        String after = scrape();

        assertEquals(1.0, delta(before, after, "ovc_api_requests_seconds_count", "method", "GET",
                "route", "/compute/v2.1/servers/{id}", "status", "404"), "the 404");
        assertEquals(1.0, delta(before, after, "ovc_api_requests_seconds_count", "method", "POST",
                "route", "/compute/v2.1/servers", "status", "202"), "the create");
        assertThat("the create's record, written to the Kubernetes API",
                delta(before, after, "ovc_kube_calls_seconds_count", "method", "POST", "outcome", "2xx"),
                greaterThan(0.0));
        assertThat("the reconciler's passes over the new server",
                delta(before, after, "ovc_reconcile_passes_seconds_count", "outcome", "ok"), greaterThan(0.0));

        double active = demo.get("/compute/v2.1/servers?status=ACTIVE").body().path("servers").size();
        assertThat(active, greaterThan(0.0));
        assertEquals(active, value(after, "ovc_project_servers", "project", project, "status", "ACTIVE"));
        JsonNode used = demo.get("/compute/v2.1/limits").body().at("/limits/absolute");
        assertEquals(used.path("totalInstancesUsed").asDouble(),
                value(after, "ovc_project_quota_used", "project", project, "resource", "instances"));
        assertEquals(used.path("totalCoresUsed").asDouble(),
                value(after, "ovc_project_quota_used", "project", project, "resource", "cores"));
        assertEquals(used.path("totalRAMUsed").asDouble(),
                value(after, "ovc_project_quota_used", "project", project, "resource", "ram"));

        assertThat(demo.call(Method.DELETE, "/compute/v2.1/servers/" + id, null).status(), is(204));
        Eventually.await(id + " gone", () -> demo.get("/compute/v2.1/servers/" + id).status() == 404);
        assertEquals(active - 1, value(scrape(), "ovc_project_servers", "project", project, "status", "ACTIVE"),
                "the deleted server no longer counts");
    }

    /** Prometheus' text format, fetched as Prometheus does: no token. */
    private String scrape() {
        Reply reply = api.get("/observe/metrics");
        assertThat(reply.status(), is(200));
        return reply.text();
    }

    private static double delta(String before, String after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    /** The value of the one series of {@code name} with these labels (others may be there too); 0 when none. */
    private static double value(String scrape, String name, String... labels) {
        double[] found = scrape.lines().filter(l -> l.startsWith(name + "{"))
                .filter(l -> hasLabels(l, labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).toArray();
        if (found.length > 1) {
            throw new AssertionError("more than one series of " + name + " " + Arrays.toString(labels));
        }
        return found.length == 0 ? 0 : found[0];
    }

    private static boolean hasLabels(String line, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!line.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                return false;
            }
        }
        return true;
    }
}
