package io.openvcluster.server.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The sandbox store's S3 endpoint: path-style DELETE and HEAD, signed with the sandbox's key, nothing else. */
class SandboxS3EndpointTest {
    private static final String SIGNED = "AWS4-HMAC-SHA256 Credential=sandbox/20261126/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);
    private final HttpClient http = HttpClient.newHttpClient();

    private int send(String endpoint, String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void signedDeletesAndHeadsReachTheStoreAndNothingElseDoes() throws Exception {
        Set<String> archives = ConcurrentHashMap.newKeySet();
        archives.add("s3://sandbox-snapshots/images/a.tar.gz");
        try (SandboxS3Endpoint endpoint = SandboxS3Endpoint.start("127.0.0.1", archives::contains, archives::remove)) {
            String url = endpoint.url();
            assertTrue(url.startsWith("http://127.0.0.1:"), url);
            assertEquals(403, send(url, "DELETE", "/sandbox-snapshots/images/a.tar.gz", null));
            assertEquals(403, send(url, "DELETE", "/sandbox-snapshots/images/a.tar.gz",
                    SIGNED.replace("Credential=sandbox/", "Credential=other/")));
            assertTrue(archives.contains("s3://sandbox-snapshots/images/a.tar.gz"), "refused requests delete nothing");

            assertEquals(200, send(url, "HEAD", "/sandbox-snapshots/images/a.tar.gz", SIGNED));
            assertEquals(501, send(url, "GET", "/sandbox-snapshots/images/a.tar.gz", SIGNED));
            assertEquals(204, send(url, "DELETE", "/sandbox-snapshots/images/a.tar.gz", SIGNED));
            assertFalse(archives.contains("s3://sandbox-snapshots/images/a.tar.gz"));
            assertEquals(404, send(url, "HEAD", "/sandbox-snapshots/images/a.tar.gz", SIGNED));
            // S3 answers a delete of a missing key with 204 too
            assertEquals(204, send(url, "DELETE", "/sandbox-snapshots/images/a.tar.gz", SIGNED));
        }
    }
}
