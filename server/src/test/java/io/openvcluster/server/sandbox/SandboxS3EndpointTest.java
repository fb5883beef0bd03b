package io.openvcluster.server.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The sandbox store's S3 endpoint: path-style DELETE, HEAD, PUT (plain or aws-chunked) and GET, signed with the
 * sandbox's key, nothing else.
 */
class SandboxS3EndpointTest {
    private static final String SIGNED = "AWS4-HMAC-SHA256 Credential=sandbox/20261126/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);
    private static final String KEY = "/sandbox-snapshots/images/a.tar.gz";
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<byte[]> send(String endpoint, String method, String path, String authorization, byte[] body,
                                      String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private int status(String endpoint, String method, String path, String authorization) throws Exception {
        return send(endpoint, method, path, authorization, new byte[0]).statusCode();
    }

    @Test
    void signedDeletesAndHeadsReachTheStoreAndNothingElseDoes() throws Exception {
        ArchiveStore archives = new ArchiveStore();
        archives.put("s3:/" + KEY, new byte[] {1, 2, 3});
        try (SandboxS3Endpoint endpoint = SandboxS3Endpoint.start("127.0.0.1", archives)) {
            String url = endpoint.url();
            assertTrue(url.startsWith("http://127.0.0.1:"), url);
            assertEquals(403, status(url, "DELETE", KEY, null));
            assertEquals(403, status(url, "DELETE", KEY, SIGNED.replace("Credential=sandbox/", "Credential=other/")));
            assertTrue(archives.contains("s3:/" + KEY), "refused requests delete nothing");

            assertEquals(200, status(url, "HEAD", KEY, SIGNED));
            assertEquals(501, status(url, "POST", KEY, SIGNED));
            assertEquals(204, status(url, "DELETE", KEY, SIGNED));
            assertFalse(archives.contains("s3:/" + KEY));
            assertEquals(404, status(url, "HEAD", KEY, SIGNED));
            assertEquals(404, status(url, "GET", KEY, SIGNED));
            // S3 answers a delete of a missing key with 204 too
            assertEquals(204, status(url, "DELETE", KEY, SIGNED));
        }
    }

    @Test
    void putStoresTheBytesAGetReturnsDecodingTheSdksChunkedBodies() throws Exception {
        ArchiveStore archives = new ArchiveStore();
        try (SandboxS3Endpoint endpoint = SandboxS3Endpoint.start("127.0.0.1", archives)) {
            String url = endpoint.url();
            byte[] plain = "plain archive".getBytes(StandardCharsets.US_ASCII);
            assertEquals(200, send(url, "PUT", KEY, SIGNED, plain).statusCode());
            assertArrayEquals(plain, archives.get("s3:/" + KEY).orElseThrow());
            assertArrayEquals(plain, send(url, "GET", KEY, SIGNED, new byte[0]).body());

            String chunked = "5;chunk-signature=" + "1".repeat(64) + "\r\nhello\r\n6;chunk-signature=" + "2".repeat(64)
                    + "\r\n world\r\n0;chunk-signature=" + "3".repeat(64) + "\r\n\r\n";
            assertEquals(200, send(url, "PUT", KEY, SIGNED, chunked.getBytes(StandardCharsets.US_ASCII),
                    "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD").statusCode());
            assertEquals("hello world", new String(archives.get("s3:/" + KEY).orElseThrow(),
                    StandardCharsets.US_ASCII));
        }
    }
}
