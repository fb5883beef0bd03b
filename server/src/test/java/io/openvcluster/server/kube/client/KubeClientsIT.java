package io.openvcluster.server.kube.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A response body the facade has dropped must not stay in memory for as long as the connection it came over lives
 * (the JDK's connect timer keeps the exchange that opened a connection: {@link KubeClients}).
 */
class KubeClientsIT {
    private static final int BODY_BYTES = 1 << 20;

    private HttpServer apiServer;
    private Config config;

    @BeforeEach
    void startApiServer() throws Exception {
        apiServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        apiServer.createContext("/api/v1/pods", exchange -> {
            exchange.sendResponseHeaders(200, BODY_BYTES);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(new byte[BODY_BYTES]);
            }
        });
        apiServer.start();
        config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + apiServer.getAddress().getPort())
                .withConnectionTimeout(10_000)
                .build();
    }

    @AfterEach
    void stopApiServer() {
        apiServer.stop(0);
    }

    @Test
    void theFacadesClientHasNoConnectTimeout() {
        try (KubernetesClient client = KubeClients.build(config)) {
            assertEquals(0, client.getConfiguration().getConnectionTimeout());
        }
    }

    @Test
    void aDroppedResponseBodyIsCollectedWhileItsConnectionStaysOpen() throws Exception {
        try (KubernetesClient client = KubeClients.build(config)) {
            WeakReference<byte[]> body = firstBodyOverANewConnection(client);
            assertNull(collected(body), "the body of the request that opened the connection is still reachable");
        }
    }

    /** What {@link KubeClients} avoids: with a connect timeout the JDK keeps the body while the connection lives. */
    @Test
    void withAConnectTimeoutTheJdkKeepsTheBodyOfTheRequestThatOpenedTheConnection() throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory()).build()) {
            WeakReference<byte[]> body = firstBodyOverANewConnection(client);
            assertNotNull(collected(body), "this JDK no longer keeps the exchange that opened a connection: "
                    + "KubeClients could keep fabric8's connect timeout");
        }
    }

    private static WeakReference<byte[]> firstBodyOverANewConnection(KubernetesClient client) throws Exception {
        HttpClient http = client.getHttpClient();
        byte[] body = http.sendAsync(http.newHttpRequestBuilder().uri(client.getMasterUrl() + "api/v1/pods").build(),
                byte[].class).get().body();
        assertEquals(BODY_BYTES, body.length);
        return new WeakReference<>(body);
    }

    /** The referent after up to ten collections: null once collected. */
    private static byte[] collected(WeakReference<byte[]> reference) throws InterruptedException {
        for (int i = 0; i < 10 && reference.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return reference.get();
    }
}
