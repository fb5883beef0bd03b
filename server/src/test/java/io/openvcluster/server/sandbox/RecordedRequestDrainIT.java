package io.openvcluster.server.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sandbox does not keep the requests fabric8's mock records for tests (they grew without bound). */
class RecordedRequestDrainIT {

    @Test
    void drainingDropsEveryRecordedRequest() throws Exception {
        KubernetesMockServer server = startedMock();
        try (KubernetesClient client = clientOf(server)) {
            sendConfigMaps(client, 20);
            RecordedRequestDrain drain = RecordedRequestDrain.start(server);
            drain.close();
            assertEquals(20, drain.drainNow(), "each create was recorded, and is dropped once");
            assertEquals(0, drain.drainNow());
        } finally {
            server.destroy();
        }
    }

    @Test
    void theDrainRunsOnItsOwnUntilClosed() throws Exception {
        KubernetesMockServer server = startedMock();
        try (KubernetesClient client = clientOf(server); RecordedRequestDrain drain = RecordedRequestDrain.start(server)) {
            sendConfigMaps(client, 20);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.getRequestCount() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(3 * RecordedRequestDrain.PERIOD_MS);
            assertNull(server.takeRequest(0, TimeUnit.MILLISECONDS), "nothing is left recorded after a period");
        } finally {
            server.destroy();
        }
        // a closed drain stops: what is recorded after it stays for takeRequest
        KubernetesMockServer other = startedMock();
        try (KubernetesClient client = clientOf(other)) {
            RecordedRequestDrain.start(other).close();
            sendConfigMaps(client, 1);
            Thread.sleep(3 * RecordedRequestDrain.PERIOD_MS);
            assertEquals("POST", other.takeRequest(0, TimeUnit.MILLISECONDS).getMethod());
        } finally {
            other.destroy();
        }
    }

    private static KubernetesMockServer startedMock() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        return server;
    }

    private static KubernetesClient clientOf(KubernetesMockServer server) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + server.getPort()).withNamespace("default").build()).build();
    }

    private static void sendConfigMaps(KubernetesClient client, int count) {
        for (int i = 0; i < count; i++) {
            client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i).endMetadata()
                    .addToData("k", "v").build()).create();
        }
    }
}
