package io.openvcluster.server.kube.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.openvcluster.server.testing.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.archives.ArchiveStores;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.records.CatalogRecords;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.server.testing.TestSandbox;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The facade's own archive deletions, with WireMock standing in for the s3 store: the image record stays
 * {@code pending_delete}, with the store's last error, until the store confirms; a restarted facade finishes.
 */
class ArchiveDeletionsIT {
    private static final String NS = "archives-test";
    private static final WireMockServer S3 = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    private static TestSandbox sandbox;
    private static KubernetesClient client;
    private static RecordStore store;
    private static ArchiveStores archives;

    @BeforeAll
    static void start() {
        S3.start();
        sandbox = TestSandbox.builder().simulatorDelay(Duration.ofMillis(100)).start();
        client = sandbox.client();
        store = RecordStore.start(client, NS);
        archives = new ArchiveStores();
    }

    @AfterAll
    static void stop() {
        archives.close();
        store.close();
        sandbox.close();
        S3.stop();
    }

    @BeforeEach
    void reset() {
        S3.resetAll();
    }

    private static Map<String, String> credentials() {
        return Map.of("url", "http://127.0.0.1:" + S3.port(), "force-path-style", "true",
                "access-key-id", "AKIDTESTONLY", "secret-access-key", "not-a-real-secret");
    }

    private static ArchiveDeletions deletions() {
        return new ArchiveDeletions(client, store, archives, ArchiveDeletionsIT::credentials, Clock.systemUTC());
    }

    /** An image record as the API leaves it: {@code status} (e.g. pending_delete), its archive in the test bucket. */
    private static String image(String status) {
        String id = UUID.randomUUID().toString();
        ImageRecord image = new ImageRecord();
        image.getMetadata().setName(Records.imageName(id));
        image.getMetadata().setNamespace(NS);
        image.getSpec().setId(id);
        image.getSpec().setName("snap-" + id);
        image.getSpec().setStatus(status);
        image.getSpec().setOwner("project-a");
        image.getSpec().setVisibility("private");
        image.getSpec().setProperties(new LinkedHashMap<>(Map.of(CatalogRecords.PROP_IMAGE_TYPE, "snapshot",
                CatalogRecords.PROP_SNAPSHOT_URL, "s3://snapshots/images/" + id + ".tar.gz")));
        client.resources(ImageRecord.class).inNamespace(NS).resource(image).create();
        await("image " + id + " cached", () -> store.image(id).isPresent());
        return id;
    }

    private static ImageRecord record(String id) {
        return client.resources(ImageRecord.class).inNamespace(NS).withName(Records.imageName(id)).get();
    }

    private static String path(String id) {
        return "/snapshots/images/" + id + ".tar.gz";
    }

    @Test
    void aFailingStoreKeepsTheRecordWithItsErrorUntilTheStoreConfirms() {
        String id = image(CatalogRecords.STATUS_PENDING_DELETE);
        S3.stubFor(delete(urlPathEqualTo(path(id))).inScenario("outage").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        S3.stubFor(delete(urlPathEqualTo(path(id))).inScenario("outage").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(204)));
        ArchiveDeletions deletions = deletions();

        assertFalse(deletions.reconcile(id), "the store failed: try again later");
        ImageRecord kept = record(id);
        assertNotNull(kept, "the record stays until the store confirms");
        assertEquals(CatalogRecords.STATUS_PENDING_DELETE, kept.getSpec().getStatus());
        assertTrue(kept.getSpec().getProperties().get(CatalogRecords.PROP_DELETE_ERROR).contains("HTTP 503"),
                kept.getSpec().getProperties()::toString);
        assertEquals("1", kept.getSpec().getProperties().get(CatalogRecords.PROP_DELETE_ATTEMPTS));

        assertTrue(deletions.reconcile(id), "the store confirmed");
        assertNull(record(id));
        assertTrue(store.image(id).isEmpty());
        S3.verify(2, deleteRequestedFor(urlPathEqualTo(path(id))));
    }

    @Test
    void aRestartedFacadeFinishesTheDeletionsTheLastOneRecorded() {
        S3.stubFor(delete(anyUrl()).willReturn(aResponse().withStatus(204)));
        String pending = image(CatalogRecords.STATUS_PENDING_DELETE);
        String active = image("active");
        // no ArchiveDeletions ran when these were written (the facade stopped): a new one starts and resyncs
        try (ArchiveDeletions restarted = deletions()) {
            restarted.start();
            await("pending image deleted", () -> record(pending) == null);
        }
        S3.verify(1, deleteRequestedFor(urlPathEqualTo(path(pending))));
        // an image that is not being deleted is left alone
        assertNotNull(record(active));
        S3.verify(0, deleteRequestedFor(urlPathEqualTo(path(active))));
    }

    @Test
    void aStoreThatKeepsFailingIsRetriedWithTheLastErrorOnTheRecord() {
        S3.stubFor(delete(anyUrl()).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")));
        String id = image(CatalogRecords.STATUS_PENDING_DELETE);
        try (ArchiveDeletions running = deletions()) {
            running.start();
            await("retried", () -> {
                ImageRecord r = record(id);
                return r != null && Integer.parseInt(r.getSpec().getProperties()
                        .getOrDefault(CatalogRecords.PROP_DELETE_ATTEMPTS, "0")) >= 2;
            });
        }
        ImageRecord kept = record(id);
        assertEquals(CatalogRecords.STATUS_PENDING_DELETE, kept.getSpec().getStatus());
        assertTrue(kept.getSpec().getProperties().get(CatalogRecords.PROP_DELETE_ERROR).contains("AccessDenied"),
                kept.getSpec().getProperties()::toString);
    }
}
