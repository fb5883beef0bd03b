package io.openvcluster.server.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.server.testing.TestSandbox;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two writers racing on one record, made deterministic by handing the writer a stale copy. */
class RecordWriterIT {
    private static final String NS = "writer-test";
    private static TestSandbox sandbox;
    private static KubernetesClient client;
    private static RecordStore store;
    private static RecordWriter writer;

    @BeforeAll
    static void start() {
        sandbox = TestSandbox.builder().simulatorDelay(Duration.ofMillis(100)).start();
        client = sandbox.client();
        client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        store = RecordStore.start(client, NS);
        writer = new RecordWriter(client, store);
    }

    @AfterAll
    static void stop() {
        store.close();
        sandbox.close();
    }

    @Test
    void theLoserRetriesOnTheWinnersRecord() {
        ServerRecord stale = record("race-1");
        winnerSets(stale, "winner");
        ServerRecord written = writer.update(ServerRecord.class, () -> Optional.of(stale),
                r -> r.getSpec().getMetadata().put("loser", "yes"), false, () -> ApiException.notFound("gone"));
        assertEquals(Map.of("winner", "yes", "loser", "yes"), written.getSpec().getMetadata());
        assertEquals(written.getSpec().getMetadata(), live("race-1").getSpec().getMetadata());
    }

    @Test
    void aChangeNoLongerValidFailsWithItsGuardsError() {
        ServerRecord stale = record("race-2");
        winnerSets(stale, "taken");
        ApiException e = assertThrows(ApiException.class, () -> writer.update(ServerRecord.class,
                () -> Optional.of(stale), r -> {
                    if (r.getSpec().getMetadata().containsKey("taken")) {
                        throw ApiException.conflict("already taken");
                    }
                    r.getSpec().getMetadata().put("taken", "loser");
                }, false, () -> ApiException.notFound("gone")));
        assertEquals(409, e.status());
        assertEquals("already taken", e.getMessage());
        assertEquals("yes", live("race-2").getSpec().getMetadata().get("taken"));
    }

    private static ServerRecord record(String name) {
        ServerRecord record = new ServerRecord();
        record.getMetadata().setName(name);
        record.getMetadata().setNamespace(NS);
        record.getSpec().setName(name);
        record.getSpec().setProjectId("p");
        record.getSpec().setMetadata(new LinkedHashMap<>());
        return client.resource(record).create();
    }

    /** Another writer changes the record after {@code stale} was read. */
    private static void winnerSets(ServerRecord stale, String key) {
        ServerRecord winner = client.resource(stale).get();
        winner.getSpec().getMetadata().put(key, "yes");
        client.resource(winner).update();
    }

    private static ServerRecord live(String name) {
        return client.resources(ServerRecord.class).inNamespace(NS).withName(name).get();
    }
}
