package io.openvcluster.server.archives;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The facade's s3 client against WireMock standing in for an S3-compatible store (path style, SigV4). */
class S3ArchiveStoreIT {
    private static final WireMockServer S3 = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    private static final String KEY_PATH = "/snapshots/ovc/images/img-1.tar.gz";
    private static final String URL = "s3://snapshots/ovc/images/img-1.tar.gz";
    private static S3ArchiveStore store;

    @BeforeAll
    static void start() {
        S3.start();
        store = new S3ArchiveStore();
    }

    @AfterAll
    static void stop() {
        store.close();
        S3.stop();
    }

    @BeforeEach
    void reset() {
        S3.resetAll();
    }

    private static Map<String, String> credentials() {
        return new HashMap<>(Map.of("url", "http://127.0.0.1:" + S3.port(),
                "force-path-style", "true", "region", "eu-west-3", "access-key-id", "AKIDTESTONLY",
                "secret-access-key", "not-a-real-secret"));
    }

    private static String error(String code) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + code
                + " from the test store</Message></Error>";
    }

    @Test
    void deleteObjectIsPathStyleAndSignedWithTheSecretsKeyAndRegion() {
        S3.stubFor(delete(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(204)));
        store.delete(URL, credentials());

        List<LoggedRequest> requests = S3.findAll(deleteRequestedFor(urlPathEqualTo(KEY_PATH)));
        assertEquals(1, requests.size(), S3.getAllServeEvents()::toString);
        LoggedRequest request = requests.get(0);
        // path style: the bucket is the first path segment, the host is the endpoint's
        assertEquals("127.0.0.1:" + S3.port(), request.getHeader("Host"));
        String authorization = request.getHeader("Authorization");
        assertTrue(authorization.matches("AWS4-HMAC-SHA256 Credential=AKIDTESTONLY/\\d{8}/eu-west-3/s3/aws4_request, "
                + "SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}"), authorization);
        assertTrue(request.containsHeader("X-Amz-Date"), request::toString);
        // no SDK retries: ArchiveDeletions retries with its own back-off and records each failure
        S3.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void aSessionTokenIsSentAndSigned() {
        S3.stubFor(delete(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(204)));
        Map<String, String> credentials = credentials();
        credentials.put("session-token", "session-of-the-test");
        store.delete(URL, credentials);
        S3.verify(deleteRequestedFor(urlPathEqualTo(KEY_PATH))
                .withHeader("X-Amz-Security-Token", matching("session-of-the-test"))
                .withHeader("Authorization", matching(".*SignedHeaders=[a-z0-9;-]*x-amz-security-token.*")));
    }

    @Test
    void aMissingKeyCountsAsDeletedButAMissingBucketDoesNot() {
        S3.stubFor(delete(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/xml").withBody(error("NoSuchKey"))));
        store.delete(URL, credentials());

        S3.stubFor(delete(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/xml").withBody(error("NoSuchBucket"))));
        ArchiveStoreException e = assertThrows(ArchiveStoreException.class, () -> store.delete(URL, credentials()));
        assertTrue(e.getMessage().contains("NoSuchBucket"), e.getMessage());
    }

    @Test
    void aRefusalOrAnOutageIsAnErrorNamingTheCause() {
        S3.stubFor(delete(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/xml").withBody(error("AccessDenied"))));
        ArchiveStoreException denied = assertThrows(ArchiveStoreException.class,
                () -> store.delete(URL, credentials()));
        assertTrue(denied.getMessage().contains("HTTP 403 AccessDenied"), denied.getMessage());

        S3.stubFor(delete(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/xml").withBody(error("SlowDown"))));
        ArchiveStoreException down = assertThrows(ArchiveStoreException.class, () -> store.delete(URL, credentials()));
        assertTrue(down.getMessage().contains("HTTP 503"), down.getMessage());

        Map<String, String> unreachable = credentials();
        unreachable.put("url", "http://127.0.0.1:1");
        ArchiveStoreException refused = assertThrows(ArchiveStoreException.class,
                () -> store.delete(URL, unreachable));
        assertTrue(refused.getMessage().startsWith("cannot reach the s3 store for " + URL), refused.getMessage());
    }

    @Test
    void archiveUrlsSplitIntoBucketAndKeyAsVclusterDoes() {
        assertEquals(new S3ArchiveStore.S3Location("snapshots", "ovc/images/img-1.tar.gz"),
                S3ArchiveStore.S3Location.parse(URL));
        assertThrows(ArchiveStoreException.class, () -> S3ArchiveStore.S3Location.parse("s3://bucket-only"));
    }
}
