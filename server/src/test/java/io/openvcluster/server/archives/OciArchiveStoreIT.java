package io.openvcluster.server.archives;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The facade's OCI registry client against WireMock standing in for a registry and its token service. */
class OciArchiveStoreIT {
    private static final WireMockServer REGISTRY = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1")
            .dynamicPort());
    private static final String TAG_PATH = "/v2/snapshots/ovc/manifests/img-1";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final Map<String, String> CREDENTIALS = Map.of("username", "robot", "password", "s3cret");
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("robot:s3cret".getBytes(StandardCharsets.UTF_8));
    private final OciArchiveStore store = new OciArchiveStore();

    @BeforeAll
    static void start() {
        REGISTRY.start();
    }

    @AfterAll
    static void stop() {
        REGISTRY.stop();
    }

    @BeforeEach
    void reset() {
        REGISTRY.resetAll();
    }

    private static String url() {
        return "oci://127.0.0.1:" + REGISTRY.port() + "/snapshots/ovc:img-1";
    }

    private static String challenge(String action) {
        return "Bearer realm=\"http://127.0.0.1:" + REGISTRY.port() + "/token\",service=\"registry.test\","
                + "scope=\"repository:snapshots/ovc:" + action + "\"";
    }

    @Test
    void theTagIsResolvedToItsDigestAndTheManifestDeletedByDigestWithTheTokensTheRegistryAsksFor() {
        // no token yet: the registry challenges; the token service is asked with the Secret's user and password
        REGISTRY.stubFor(head(urlPathEqualTo(TAG_PATH)).atPriority(9)
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", challenge("pull"))));
        REGISTRY.stubFor(get(urlPathEqualTo("/token")).withQueryParam("scope", equalTo("repository:snapshots/ovc:pull"))
                .withQueryParam("service", equalTo("registry.test")).withHeader("Authorization", equalTo(BASIC))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"token\":\"pull-token\"}")));
        REGISTRY.stubFor(head(urlPathEqualTo(TAG_PATH)).withHeader("Authorization", equalTo("Bearer pull-token"))
                .atPriority(1).willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", DIGEST)));
        // the delete needs another scope: a second challenge and a second token
        REGISTRY.stubFor(delete(urlPathEqualTo("/v2/snapshots/ovc/manifests/" + DIGEST)).atPriority(9)
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", challenge("delete"))));
        REGISTRY.stubFor(get(urlPathEqualTo("/token")).withQueryParam("scope", equalTo("repository:snapshots/ovc:delete"))
                .withHeader("Authorization", equalTo(BASIC))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"delete-token\"}")));
        REGISTRY.stubFor(delete(urlPathEqualTo("/v2/snapshots/ovc/manifests/" + DIGEST))
                .withHeader("Authorization", equalTo("Bearer delete-token")).atPriority(1)
                .willReturn(aResponse().withStatus(202)));

        store.delete(url(), CREDENTIALS);

        REGISTRY.verify(1, deleteRequestedFor(urlPathEqualTo("/v2/snapshots/ovc/manifests/" + DIGEST))
                .withHeader("Authorization", equalTo("Bearer delete-token")));
        // never the tag: registries delete manifests by digest only
        REGISTRY.verify(0, deleteRequestedFor(urlPathEqualTo(TAG_PATH)));
        REGISTRY.verify(2, getRequestedFor(urlPathEqualTo("/token")));
    }

    @Test
    void basicAuthAndARegistryWithoutTheDigestHeaderUseTheManifestsSha256() {
        byte[] manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
                .getBytes(StandardCharsets.UTF_8);
        String digest = OciArchiveStore.sha256(manifest);
        REGISTRY.stubFor(head(urlPathEqualTo(TAG_PATH)).atPriority(9)
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"registry\"")));
        REGISTRY.stubFor(head(urlPathEqualTo(TAG_PATH)).withHeader("Authorization", equalTo(BASIC)).atPriority(1)
                .willReturn(aResponse().withStatus(200)));
        REGISTRY.stubFor(get(urlPathEqualTo(TAG_PATH)).withHeader("Authorization", equalTo(BASIC))
                .withHeader("Accept", equalTo(OciArchiveStore.MANIFEST_TYPES))
                .willReturn(aResponse().withStatus(200).withBody(manifest)));
        REGISTRY.stubFor(delete(urlPathEqualTo("/v2/snapshots/ovc/manifests/" + digest))
                .withHeader("Authorization", equalTo(BASIC)).willReturn(aResponse().withStatus(202)));

        store.delete(url(), CREDENTIALS);

        REGISTRY.verify(1, deleteRequestedFor(urlPathEqualTo("/v2/snapshots/ovc/manifests/" + digest)));
    }

    @Test
    void aMissingTagCountsAsDeletedAndNothingIsDeleted() {
        REGISTRY.stubFor(head(urlPathEqualTo(TAG_PATH)).willReturn(aResponse().withStatus(404)));
        store.delete(url(), Map.of());
        REGISTRY.verify(0, deleteRequestedFor(anyUrl()));
        REGISTRY.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void aRegistryThatRefusesDeletesOrAsksForMissingCredentialsIsAnError() {
        REGISTRY.stubFor(head(urlPathEqualTo(TAG_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Docker-Content-Digest", DIGEST)));
        REGISTRY.stubFor(delete(urlPathEqualTo("/v2/snapshots/ovc/manifests/" + DIGEST))
                .willReturn(aResponse().withStatus(405).withBody("{\"errors\":[{\"code\":\"UNSUPPORTED\"}]}")));
        ArchiveStoreException e = assertThrows(ArchiveStoreException.class, () -> store.delete(url(), Map.of()));
        assertTrue(e.getMessage().contains("does not allow deleting manifests"), e.getMessage());

        REGISTRY.stubFor(head(urlPathEqualTo(TAG_PATH)).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Basic realm=\"registry\"")));
        ArchiveStoreException noCredentials = assertThrows(ArchiveStoreException.class,
                () -> store.delete(url(), Map.of()));
        assertTrue(noCredentials.getMessage().contains("credentials Secret has none"), noCredentials.getMessage());
    }

    @Test
    void referencesSplitIntoRegistryRepositoryAndTagAndOnlyLocalRegistriesArePlainHttp() {
        OciArchiveStore.OciReference ref = OciArchiveStore.OciReference.parse("oci://registry.example:5000/a/b:img-1");
        assertEquals(new OciArchiveStore.OciReference("registry.example:5000", "a/b", "img-1"), ref);
        assertEquals("https://registry.example:5000/v2/a/b/manifests/x", ref.manifest("x").toString());
        assertEquals("http://127.0.0.1:5000/v2/r/manifests/t",
                OciArchiveStore.OciReference.parse("oci://127.0.0.1:5000/r:t").manifest("t").toString());
        assertEquals("http://localhost/v2/r/manifests/t",
                OciArchiveStore.OciReference.parse("oci://localhost/r:t").manifest("t").toString());
        assertThrows(ArchiveStoreException.class, () -> OciArchiveStore.OciReference.parse("oci://registry/no-tag"));
    }
}
