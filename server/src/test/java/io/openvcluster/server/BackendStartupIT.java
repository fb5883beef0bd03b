package io.openvcluster.server;

import static io.openvcluster.server.testing.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.testing.TestSandbox;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Start-up overlaps the server records' first list with the rest of its work: {@link Backend#startSyncing} returns
 * while that list is still on its way, the backend is not ready until it is in, and the host informers list only
 * after it. The list's response is held back (by {@link HeldLists}) until the test lets it through, so the order is
 * certain.
 */
class BackendStartupIT {
    private static final BackendSettings NO_SEEDING = new BackendSettings(BackendSettings.DEFAULT_NAMESPACE, true,
            false, Duration.ofMillis(300), 10);
    private TestSandbox sandbox;
    private KubernetesClient client;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch recordsListed = new CountDownLatch(1);
    private volatile boolean failNamespaceReads;
    private HeldLists heldLists;

    @BeforeEach
    void start() {
        sandbox = TestSandbox.builder().start();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(sandbox.cluster().url())
                .withNamespace("default").withOauthToken("sandbox-not-for-production").build();
        heldLists = HeldLists.start(sandbox.cluster().url(), recordsListed);
        client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("hold", new Interceptor() {
                    @Override
                    public void before(BasicBuilder request, HttpRequest sent, RequestTags tags) {
                        requests.add(sent.method() + " " + sent.uri().getPath() + "?" + sent.uri().getQuery());
                        if (failNamespaceReads && sent.uri().getPath().contains("/api/v1/namespaces/")
                                && !sent.uri().getPath().contains("/configmaps")) {
                            throw new IllegalStateException("forbidden: namespaces (the test refuses it)");
                        }
                        // the records' list goes the long way, through a server that holds it back until the test
                        // lets it through; the requests start-up makes meanwhile reach the sandbox directly
                        if (serverRecordsList(sent)) {
                            request.uri(heldLists.via(sent.uri()));
                        }
                    }
                }))
                .build();
    }

    @AfterEach
    void stop() {
        recordsListed.countDown();
        client.close();
        heldLists.close();
        sandbox.close();
    }

    @Test
    void startSyncingReturnsBeforeTheRecordsAreListedAndIsReadyOnceTheyAre() {
        // no catalog seeding: its requests would queue behind the held response on the client's one connection
        try (Backend backend = startSyncing()) {
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

    @Test
    void theServerRecordsListIsTheFirstRequestOfStartUp() {
        try (Backend backend = startSyncing()) {
            assertTrue(listsServerRecords(requests.getFirst()), "the first request: " + requests);
            assertTrue(requests.stream().anyMatch(r -> r.contains("/customresourcedefinitions/")),
                    "the CRD checks ran while the list was held: " + requests);
            recordsListed.countDown();
            backend.awaitRecords();
            assertTrue(backend.ready());
        }
    }

    @Test
    void aRecordDefinitionInstalledByStartUpHasItsServersListedAgain() {
        sandbox.client().apiextensions().v1().customResourceDefinitions().withName("servers.compute.openvcluster.io")
                .delete();
        await("the servers' CRD is gone", () -> sandbox.client().apiextensions().v1().customResourceDefinitions()
                .withName("servers.compute.openvcluster.io").get() == null);
        recordsListed.countDown();
        try (Backend backend = startSyncing()) {
            backend.awaitRecords();

            assertTrue(backend.ready());
            assertEquals(2, requests.stream().filter(BackendStartupIT::listsServerRecords).count(),
                    "listed before the CRD check and again after it was installed: " + requests);
        }
    }

    @Test
    void aFailedNamespaceCheckFailsStartUpClearly() {
        failNamespaceReads = true;
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                this::startSyncing);
        assertTrue(thrown.getMessage().contains("namespaces"), thrown.getMessage());
        assertTrue(listsServerRecords(requests.getFirst()), "the list went out before the check: " + requests);
    }

    /** A facade through the test's client, without catalog seeding, not waiting for the records' list. */
    private Backend startSyncing() {
        return sandbox.facade().client(client).settings(settings -> NO_SEEDING).startSyncing();
    }

    private List<String> hostLists() {
        return requests.stream().filter(r -> r.contains("/statefulsets?")).toList();
    }

    private static boolean listsServerRecords(String request) {
        return request.startsWith("GET ") && request.contains("/servers?") && !request.contains("watch=true");
    }

    private static boolean serverRecordsList(HttpRequest sent) {
        String query = sent.uri().getQuery();
        return "GET".equals(sent.method()) && sent.uri().getPath().endsWith("/servers")
                && (query == null || !query.contains("watch=true"));
    }
}
