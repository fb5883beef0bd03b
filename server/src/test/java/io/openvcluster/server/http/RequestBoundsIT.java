package io.openvcluster.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.RawHttp;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every bound of docs/api-surface.md's table ("Bounds"), at the bound (accepted, or at least not refused for it) and
 * one past it (refused with Nova's status and a message that names the bound), on the real domain.
 */
@ServerTest
class RequestBoundsIT extends SandboxApiTest {
    private final RawHttp http;
    private Api demo;
    private String token;

    RequestBoundsIT(Http1Client client, URI uri) {
        super(client);
        this.http = new RawHttp(uri.getPort());
    }

    @BeforeEach
    void login() {
        demo = api.as("demo").mv("2.26");
        token = demo.token("demo", "demo");
    }

    @Test
    void queryParameters() {
        Reply atBound = demo.get("/compute/v2.1/servers?" + params(RequestBoundsFilter.MAX_QUERY_PARAMETERS));
        assertEquals(200, atBound.status(), atBound.text());
        Reply over = demo.get("/compute/v2.1/servers?" + params(RequestBoundsFilter.MAX_QUERY_PARAMETERS + 1));
        assertRefused(over, 400, "The query has 101 parameters; at most 100 are accepted.");
    }

    @Test
    void requestLine() throws IOException {
        assertEquals(200, rawGet(ApiRouting.MAX_REQUEST_LINE_BYTES - 100).status());
        RawHttp.Response over = rawGet(ApiRouting.MAX_REQUEST_LINE_BYTES + 100);
        assertEquals(414, over.status(), over.text());
        assertTrue(over.text().contains("The request line is longer than 8192 bytes."), over.text());
    }

    @Test
    void headers() throws IOException {
        String path = "/compute/v2.1/servers";
        assertEquals(200, http.send(request("GET", path, "X-Padding: " + "p".repeat(ApiRouting.MAX_HEADER_BYTES - 2000)
                + "\r\n", "")).status());
        RawHttp.Response over = http.send(request("GET", path, "X-Padding: "
                + "p".repeat(ApiRouting.MAX_HEADER_BYTES + 100) + "\r\n", ""));
        assertEquals(400, over.status(), over.text());
        assertTrue(over.text().contains("headers are larger than 16384 bytes"), over.text());
    }

    @Test
    void body() throws IOException {
        String padding = " ".repeat(JsonBodies.MAX_BYTES);
        RawHttp.Response over = http.send(request("POST", "/compute/v2.1/servers", "Content-Type: application/json\r\n",
                "{}" + padding));
        assertEquals(413, over.status(), over.text());
    }

    @Test
    void jsonDepth() {
        Reply atBound = createWith(nested(JsonBodies.MAX_DEPTH - 2)); // {"server": {..., "metadata": [[...]]}}
        assertEquals(400, atBound.status());
        assertTrue(!atBound.text().contains("nested"), atBound.text()); // refused by the schema, not for its depth
        assertRefused(createWith(nested(JsonBodies.MAX_DEPTH - 1)), 400,
                "The request body is nested more than 32 levels deep; at most 32 are accepted.");
    }

    @Test
    void jsonArraysAndObjects() {
        Reply atBound = createWith(array(JsonBodies.MAX_ITEMS));
        assertEquals(400, atBound.status());
        assertTrue(!atBound.text().contains("at most 1000"), atBound.text());
        assertRefused(createWith(array(JsonBodies.MAX_ITEMS + 1)), 400,
                "The request body has an array of more than 1000 items; at most 1000 are accepted.");
        String members = IntStream.range(0, JsonBodies.MAX_ITEMS + 1).mapToObj(i -> "\"k" + i + "\": \"v\"")
                .collect(Collectors.joining(", ", "{", "}"));
        assertRefused(createWith(members), 400,
                "The request body has an object of more than 1000 members; at most 1000 are accepted.");
    }

    @Test
    void nameFilterRegex() {
        assertEquals(200, demo.get("/compute/v2.1/servers?name=" + "a".repeat(255)).status());
        assertRefused(demo.get("/compute/v2.1/servers?name=" + "a".repeat(256)), 400,
                "The regular expression is 256 characters long; at most 255 are accepted.");
        assertRefused(demo.get("/compute/v2.1/servers?name=%28a%7B100%7D%29%7B100%7D"), 400, "at most 1000 are accepted");
        assertRefused(demo.get("/compute/v2.1/servers?name=%28a%29%5C1"), 400, "It is not a valid regular expression");
    }

    @Test
    void limitIsCappedAsNovaDoes() {
        Reply r = demo.get("/compute/v2.1/servers?limit=100000");
        assertEquals(200, r.status(), r.text());
    }

    @Test
    void tagFilters() {
        String fifty = IntStream.range(0, 50).mapToObj(i -> "t" + i).collect(Collectors.joining(","));
        for (String filter : new String[] {"tags", "tags-any", "not-tags"}) {
            assertEquals(200, demo.get("/compute/v2.1/servers?" + filter + "=" + fifty).status(), filter);
            assertRefused(demo.get("/compute/v2.1/servers?" + filter + "=" + fifty + ",t50"), 400,
                    "51 tags given; at most 50 are accepted.");
        }
    }

    @Test
    void tagsAndMetadataOfAServer() {
        String server = activeServer();
        String s = "/compute/v2.1/servers/" + server;
        assertEquals(200, demo.call(Method.PUT, s + "/tags", tags(50, 60)).status());
        assertRefused(demo.call(Method.PUT, s + "/tags", tags(51, 5)), 400, "");
        assertRefused(demo.call(Method.PUT, s + "/tags", tags(1, 61)), 400, "");
        assertEquals(200, demo.call(Method.PUT, s + "/metadata", metadata(128, 255, 255)).status());
        assertRefused(demo.call(Method.PUT, s + "/metadata", metadata(129, 5, 5)), 403,
                "Quota exceeded for metadata_items");
        assertRefused(demo.call(Method.PUT, s + "/metadata", metadata(1, 256, 5)), 400, "");
        assertRefused(demo.call(Method.PUT, s + "/metadata", metadata(1, 5, 256)), 400, "");
    }

    @Test
    void serverName() {
        String image = demo.get("/image/v2/images").body().at("/images/0/id").asText();
        Reply over = demo.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "%s", "imageRef": "%s", "flavorRef": "1"}}""".formatted("n".repeat(256), image));
        assertRefused(over, 400, "");
    }

    private String activeServer() {
        String image = demo.get("/image/v2/images").body().at("/images/0/id").asText();
        Reply created = demo.call(Method.POST, "/compute/v2.1/servers", """
                {"server": {"name": "bounds", "imageRef": "%s", "flavorRef": "1"}}""".formatted(image));
        assertEquals(202, created.status(), created.text());
        String id = created.body().at("/server/id").asText();
        Eventually.await("the server is ACTIVE", () -> demo.get("/compute/v2.1/servers/" + id).body()
                .at("/server/status").asText().equals("ACTIVE"));
        return id;
    }

    private static void assertRefused(Reply reply, int status, String message) {
        assertEquals(status, reply.status(), reply.text());
        String fault = reply.body().elements().next().path("message").asText();
        assertTrue(fault.contains(message), fault);
        assertNotEquals("", fault);
    }

    private Reply createWith(String metadataValue) {
        return demo.call(Method.POST, "/compute/v2.1/servers",
                "{\"server\": {\"name\": \"x\", \"flavorRef\": \"1\", \"metadata\": " + metadataValue + "}}");
    }

    /** Arrays inside each other, {@code levels} deep. */
    private static String nested(int levels) {
        return "[".repeat(levels) + "]".repeat(levels);
    }

    private static String array(int items) {
        return IntStream.range(0, items).mapToObj(i -> "0").collect(Collectors.joining(",", "[", "]"));
    }

    private static String params(int count) {
        return IntStream.range(0, count).mapToObj(i -> "p" + i + "=v").collect(Collectors.joining("&"));
    }

    private static String tags(int count, int length) {
        return IntStream.range(0, count).mapToObj(i -> "\"" + pad("t" + i, length) + "\"")
                .collect(Collectors.joining(", ", "{\"tags\": [", "]}"));
    }

    private static String metadata(int count, int keyLength, int valueLength) {
        return IntStream.range(0, count).mapToObj(i -> "\"" + pad("k" + i, keyLength) + "\": \""
                        + pad("v", valueLength) + "\"")
                .collect(Collectors.joining(", ", "{\"metadata\": {", "}}"));
    }

    private static String pad(String prefix, int length) {
        return prefix + "x".repeat(Math.max(0, length - prefix.length()));
    }

    private RawHttp.Response rawGet(int requestLineBytes) throws IOException {
        String base = "GET /compute/v2.1/servers?ignored=";
        String line = base + "q".repeat(requestLineBytes - base.length() - " HTTP/1.1".length());
        return http.send(RawHttp.request("GET", line.substring("GET ".length()), "X-Auth-Token: " + token + "\r\n",
                new byte[0]));
    }

    private byte[] request(String method, String path, String headers, String body) {
        return RawHttp.request(method, path, "X-Auth-Token: " + token + "\r\n" + headers,
                body.getBytes(StandardCharsets.UTF_8));
    }
}
