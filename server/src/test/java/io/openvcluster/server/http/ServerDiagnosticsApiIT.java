package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.testing.Fixtures;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /servers/{id}/diagnostics} as Nova answers it, from the host: admins only (403 for the project's member,
 * 404 for another project's and for no server), 409 unless the server runs; before 2.48 the vcluster's own report
 * (its control-plane pod, its quota, its data volume, its kubeconfig Secret, the last failed pass), from 2.48 Nova's
 * fixed shape, each value checked against what the host cluster holds.
 */
@ServerTest
class ServerDiagnosticsApiIT extends SandboxApiTest {
    private static final Set<String> NOVA_248_FIELDS = new TreeSet<>(List.of("state", "driver", "hypervisor",
            "hypervisor_os", "uptime", "config_drive", "num_cpus", "num_nics", "num_disks", "memory_details",
            "cpu_details", "nic_details", "disk_details"));

    ServerDiagnosticsApiIT(Http1Client client) {
        super(client);
    }

    @Test
    void beforeMicroversion248TheVclustersOwnReportFromTheHost() {
        String id = sharedServer("diagnosed");
        JsonNode d = asAdmin(id, "2.1");
        ServerRecord record = record(id);
        String namespace = record.getSpec().getHostNamespace();
        assertEquals("kubernetes", d.path("driver").asText());
        assertEquals("running", d.path("state").asText());
        assertEquals(namespace, d.path("host_namespace").asText());
        JsonNode pod = d.path("control_plane_pods").get(0);
        assertEquals(record.getSpec().getRelease() + "-0", pod.path("name").asText(), d::toString);
        assertEquals("Running", pod.path("phase").asText(), d::toString);
        assertTrue(pod.path("ready").asBoolean(), d::toString);
        assertTrue(d.path("uptime").asLong(-1) >= 0, d::toString);
        ResourceQuota quota = SandboxDomain.client().resourceQuotas().inNamespace(namespace).list().getItems().get(0);
        assertEquals(quota.getSpec().getHard().get("requests.memory").toString(),
                d.at("/quota/requests.memory/hard").asText(), d::toString);
        assertEquals(1, d.at("/flavor/vcpus").asInt(), d::toString);
        assertEquals(SandboxDomain.client().secrets().inNamespace(namespace)
                .withName("vc-" + record.getSpec().getRelease()).get() == null ? "missing" : "present",
                d.path("kubeconfig_secret").asText(), d::toString);
        assertTrue(d.path("last_reconcile_error").isNull(), "a server whose passes succeed has none: " + d);
    }

    @Test
    void fromMicroversion248NovasShapeWithTheQuotaAsMemory() {
        String id = sharedServer("diagnosed");
        JsonNode d = asAdmin(id, "2.48");
        Set<String> fields = new TreeSet<>();
        d.fieldNames().forEachRemaining(fields::add);
        assertEquals(NOVA_248_FIELDS, fields);
        assertEquals("running", d.path("state").asText());
        assertEquals(1, d.path("num_cpus").asInt());
        assertEquals(0, d.path("num_nics").asInt());
        assertEquals(d.path("num_disks").asInt(), d.path("disk_details").size());
        ResourceQuota quota = SandboxDomain.client().resourceQuotas().inNamespace(
                record(id).getSpec().getHostNamespace()).list().getItems().get(0);
        long maximum = Quantity.getAmountInBytes(quota.getSpec().getHard().get("requests.memory")).longValue()
                / (1024 * 1024);
        assertEquals(maximum, d.at("/memory_details/maximum").asLong(), d::toString);
        assertTrue(d.at("/memory_details/used").isNull() || d.at("/memory_details/used").asLong() <= maximum,
                d::toString);
    }

    @Test
    void adminsOnlyAndOnlyWhileTheServerRuns() {
        String id = sharedServer("diagnosed");
        Reply member = api.as("demo").get(path(id));
        assertThat(member.text(), member.status(), is(403));
        assertThat(member.body().at("/forbidden/message").asText(),
                is("Policy doesn't allow os_compute_api:os-server-diagnostics to be performed."));
        assertThat(api.as("alt_demo").get(path(id)).status(), is(404));
        assertThat(api.as("admin").get(path("0c8a1b0e-0000-4000-8000-000000000000")).status(), is(404));

        Api demo = api.as("demo");
        String stopped = demo.createServer("stopped-undiagnosed");
        demo.awaitIdle(stopped, "ACTIVE");
        assertThat(demo.action(stopped, "{\"os-stop\": null}").status(), is(202));
        demo.awaitIdle(stopped, "SHUTOFF");
        Reply refused = api.as("admin").get(path(stopped));
        assertThat(refused.text(), refused.status(), is(409));
        assertThat(refused.body().at("/conflictingRequest/message").asText(),
                is("Cannot 'get_diagnostics' instance " + stopped + " while it is in power state shutdown"));
    }

    /** The diagnostics an admin reads at {@code microversion}, which must be a 200. */
    private JsonNode asAdmin(String id, String microversion) {
        Reply reply = api.as("admin").mv(microversion).get(path(id));
        assertThat(reply.text(), reply.status(), is(200));
        return reply.body();
    }

    private static String path(String id) {
        return "/compute/v2.1/servers/" + id + "/diagnostics";
    }

    private static ServerRecord record(String id) {
        return SandboxDomain.client().resources(ServerRecord.class).inNamespace(Fixtures.settings().namespace())
                .withName(id).get();
    }
}
