package io.openvcluster.server.archives;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void aTemporaryTokenIsSentAndSigned() {
        S3.stubFor(delete(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(204)));
        Map<String, String> credentials = credentials();
        credentials.put("session-token", "temporary-token-of-the-test");
        store.delete(URL, credentials);
        S3.verify(deleteRequestedFor(urlPathEqualTo(KEY_PATH))
                .withHeader("X-Amz-Security-Token", matching("temporary-token-of-the-test"))
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

    @Test
    void putObjectSendsTheFileOnceSignedWithItsLength() throws IOException {
        S3.stubFor(put(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(200)));
        byte[] archive = "an archive's bytes".repeat(100).getBytes(StandardCharsets.US_ASCII);
        Path file = Files.createTempFile("s3-put-", ".tar.gz");
        try {
            Files.write(file, archive);
            store.put(URL, file, archive.length, credentials());
        } finally {
            Files.delete(file);
        }
        List<LoggedRequest> requests = S3.findAll(putRequestedFor(urlPathEqualTo(KEY_PATH)));
        assertEquals(1, requests.size(), S3.getAllServeEvents()::toString);
        LoggedRequest request = requests.get(0);
        assertTrue(request.getHeader("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDTESTONLY/"),
                request::toString);
        // a streaming signature sends the length decoded; a plain one as the body's
        String length = request.containsHeader("x-amz-decoded-content-length")
                ? request.getHeader("x-amz-decoded-content-length") : request.getHeader("Content-Length");
        assertEquals(String.valueOf(archive.length), length, request::toString);
        assertTrue(new String(request.getBody(), StandardCharsets.US_ASCII)
                .contains(new String(archive, StandardCharsets.US_ASCII)), "the file's bytes are the body");
        S3.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void aRefusedPutIsAnErrorNamingTheCause() throws IOException {
        S3.stubFor(put(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/xml").withBody(error("AccessDenied"))));
        Path file = Files.createTempFile("s3-put-", ".tar.gz");
        try {
            ArchiveStoreException e = assertThrows(ArchiveStoreException.class,
                    () -> store.put(URL, file, 0, credentials()));
            assertTrue(e.getMessage().contains("HTTP 403 AccessDenied"), e.getMessage());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void getObjectStreamsTheObjectAndItsLength() throws IOException {
        byte[] archive = new byte[300_000];
        new java.util.Random(3).nextBytes(archive);
        S3.stubFor(get(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/gzip")
                .withHeader("Content-Length", String.valueOf(archive.length)).withBody(archive)));
        try (ArchiveStore.Download download = store.get(URL, credentials()); InputStream in = download.content()) {
            assertEquals(archive.length, download.size());
            assertArrayEquals(archive, in.readAllBytes());
        }
        S3.stubFor(get(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/xml").withBody(error("NoSuchKey"))));
        ArchiveStoreException missing = assertThrows(ArchiveStoreException.class, () -> store.get(URL, credentials()));
        assertTrue(missing.getMessage().contains("HTTP 404 NoSuchKey"), missing.getMessage());
    }
}
