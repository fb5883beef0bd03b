package io.openvcluster.server.kube.reconcile;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.openvcluster.server.Backend;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.testing.RecordingClient;
import io.openvcluster.server.testing.TestSandbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What one server costs the API server, from its create to ACTIVE: the writes the facade sends (the request's and
 * the reconciler's). What a create costs is mostly its API calls (docs/benchmarks.md), so the count is held here:
 * the record once, the namespace, the chart's ten objects created without reading them first, the default security
 * group's two NetworkPolicies and the namespace's member label, and the status the reconciler writes as the server
 * comes up (building with its address, then active); the project's default group is made on this first use.
 */
class CreateApiCallsIT {
    private static final String RECORDS = "/apis/" + Records.GROUP + "/" + Records.VERSION + "/namespaces/"
            + BackendSettings.DEFAULT_NAMESPACE + "/servers";

    @Test
    void aServerUpToActiveCostsItsObjectsAndAFewStatusWrites() {
        try (TestSandbox sandbox = TestSandbox.builder().simulatorDelay(Duration.ofMillis(100)).start()) {
            RecordingClient recording = sandbox.recordingClient();
            try (Backend backend = sandbox.facade().client(recording.client()).start()) {
                await("leading", backend::leading); // the catalog is seeded and the caches listed by then
                recording.requests().clear();

                // the request's own part (the record, once) is UnreconciledServerIT's: here the reconciler, woken by
                // the create, may already be writing when the request returns
                String id = backend.domain().servers().createServer(ALICE, create("counted")).servers().get(0).id();
                await("active", () -> "active".equals(backend.domain().servers().getServer(ALICE, id).vmState()));
                await("address", () -> !backend.domain().servers().getServer(ALICE, id).addresses().isEmpty());

                List<String> writes = recording.writes();
                Map<String, Long> chartObjects = writes.stream()
                        .filter(w -> w.startsWith("POST ") && w.contains("/namespaces/vcluster-counted-"))
                        .map(w -> w.substring(w.lastIndexOf('/') + 1))
                        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
                // the chart's objects, and the NetworkPolicies of the default security group (its own, and the one
                // that lets the namespace's pods reach each other)
                assertEquals(Map.of("limitranges", 1L, "resourcequotas", 1L, "rolebindings", 1L, "roles", 1L,
                        "secrets", 1L, "serviceaccounts", 2L, "services", 2L, "statefulsets", 1L,
                        "networkpolicies", 2L), chartObjects);
                assertEquals(1, writes.stream().filter(w -> w.equals("POST /api/v1/namespaces")).count(),
                        writes::toString);
                long statusWrites = writes.stream().filter(w -> w.startsWith("PUT ") && w.contains(RECORDS + "/" + id
                        + "/status")).count();
                // building, with the generation applied and the address the Service's create answered; active
                assertEquals(2, statusWrites, "status writes: " + writes);
                assertEquals(List.of("POST " + RECORDS), writes.stream().filter(w -> w.endsWith(RECORDS)).toList(),
                        "the record is written once");
                // the project's default security group, made on this first use, and the namespace's member label
                assertEquals(1, writes.stream().filter(w -> w.startsWith("POST ") && w.endsWith("/securitygroups"))
                        .count(), writes::toString);
                assertEquals(1, writes.stream().filter(w -> w.startsWith("PUT /api/v1/namespaces/vcluster-counted-"))
                        .count(), writes::toString);
                assertEquals(1 + 1 + 12 + 1 + 1 + statusWrites, writes.size(), "nothing else is written: " + writes);
            }
        }
    }
}
