package io.openvcluster.server.kube;

import static io.openvcluster.server.testing.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.sandbox.SandboxSettings;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Start-up overlaps the server records' first list with the rest of its work: {@link Backend#startSyncing} returns
 * while that list is still on its way, the backend is not ready until it is in, and the host informers list only
 * after it. The list's response is held back by the client until the test lets it through, so the order is certain.
 */
class BackendStartupTest {
    private SandboxCluster sandbox;
    private KubernetesClient client;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch recordsListed = new CountDownLatch(1);

    @BeforeEach
    void start() {
        sandbox = SandboxCluster.start(SandboxSettings.defaults());
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(sandbox.url()).withNamespace("default")
                .withOauthToken("sandbox-not-for-production").build();
        client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("hold", new Interceptor() {
                    @Override
                    public void before(BasicBuilder request, HttpRequest sent, RequestTags tags) {
                        requests.add(sent.method() + " " + sent.uri().getPath() + "?" + sent.uri().getQuery());
                    }

                    @Override
                    public void after(HttpRequest sent, HttpResponse<?> response,
                                      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
                        // on the client's own thread: the records' list response waits here, start-up goes on
                        if (serverRecordsList(sent)) {
                            awaitQuietly(recordsListed);
                        }
                    }
                }))
                .build();
    }

    @AfterEach
    void stop() {
        recordsListed.countDown();
        client.close();
        sandbox.close();
    }

    @Test
    void startSyncingReturnsBeforeTheRecordsAreListedAndIsReadyOnceTheyAre() {
        // no catalog seeding: its requests would queue behind the held response on the client's one connection
        BackendSettings settings = new BackendSettings(BackendSettings.DEFAULT_NAMESPACE, true, false,
                Duration.ofMillis(300), 10);
        try (Backend backend = Backend.startSyncing(client, settings)) {
            assertFalse(backend.ready(), "ready before the server records were listed");
            assertTrue(requests.stream().anyMatch(r -> r.contains("/servers?") && !r.contains("watch=true")),
                    "the server records' list was sent: " + requests);
            assertEquals(List.of(), hostLists(), "the host informers listed alongside the records");

            recordsListed.countDown();
            backend.awaitRecords();

            assertTrue(backend.ready());
            await("the host informers list after the records", () -> !hostLists().isEmpty());
        }
    }

    private List<String> hostLists() {
        return requests.stream().filter(r -> r.contains("/statefulsets?")).toList();
    }

    private static boolean serverRecordsList(HttpRequest sent) {
        String query = sent.uri().getQuery();
        return "GET".equals(sent.method()) && sent.uri().getPath().endsWith("/servers")
                && (query == null || !query.contains("watch=true"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            // bounded, so that a start-up that waited for this list fails the test instead of hanging it
            latch.await(Informers.SYNC_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
