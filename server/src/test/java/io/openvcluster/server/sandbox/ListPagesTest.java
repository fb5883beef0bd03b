package io.openvcluster.server.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.openvcluster.api.Json;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rest of a paged list is kept for its next page only so long, and what is not a paged list passes untouched. */
class ListPagesTest {
    private static final String LIST = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMapList\",\"metadata\":"
            + "{\"resourceVersion\":\"7\"},\"items\":[{\"metadata\":{\"name\":\"a\"}},{\"metadata\":{\"name\":\"b\"}},"
            + "{\"metadata\":{\"name\":\"c\"}}]}";

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger wholeLists = new AtomicInteger();
    private final ListPages pages = new ListPages(now::get, ListPages.MAX_KEPT_CHARS);

    @Test
    void theRestOfAListExpires() throws Exception {
        JsonNode first = json(pages.serve(get("/api/v1/configmaps?limit=2"), this::whole));
        assertEquals(2, first.get("items").size());
        assertEquals("7", first.get("metadata").get("resourceVersion").asText(), "the list's own metadata is kept");
        assertEquals(1, first.get("metadata").get("remainingItemCount").asInt());
        String token = first.get("metadata").get("continue").asText();
        assertEquals(1, pages.pending());

        now.addAndGet(ListPages.KEPT.toNanos() + 1);
        MockResponse late = pages.serve(get("/api/v1/configmaps?limit=2&continue=" + token), this::whole);
        assertEquals(410, late.code());
        assertEquals(0, pages.pending(), "expired rests are dropped");
        assertEquals(1, wholeLists.get(), "a continue page never lists again");
    }

    @Test
    void aPageIsCutFromTheFirstListNotFromANewOne() throws Exception {
        JsonNode first = json(pages.serve(get("/api/v1/configmaps?limit=2"), this::whole));
        String token = java.net.URLEncoder.encode(first.get("metadata").get("continue").asText(),
                java.nio.charset.StandardCharsets.UTF_8);
        JsonNode second = json(pages.serve(get("/api/v1/configmaps?continue=" + token + "&limit=2"), this::whole));
        assertEquals("c", second.get("items").get(0).get("metadata").get("name").asText());
        assertEquals(1, second.get("items").size());
        assertEquals(false, second.get("metadata").has("continue"), "the last page names no next one");
        assertEquals(1, wholeLists.get());
        assertEquals(0, pages.pending());
    }

    /** Lists nobody reads to the end do not pile up: past the bound the least recently read idle one goes. */
    @Test
    void idleListsGoPastTheBound() throws Exception {
        // each list kept holds its three items, 75 characters: over a bound of 60 already alone, which it may
        ListPages bounded = new ListPages(now::get, 60);
        String first = json(bounded.serve(get("/api/v1/configmaps?limit=1"), this::whole)).get("metadata")
                .get("continue").asText();
        now.addAndGet(ListPages.IDLE.toNanos() + 1);
        String second = json(bounded.serve(get("/api/v1/configmaps?limit=1"), this::whole)).get("metadata")
                .get("continue").asText();
        assertEquals(1, bounded.pending(), "the idle list was dropped");
        assertEquals(410, bounded.serve(get("/api/v1/configmaps?limit=1&continue=" + first), this::whole).code());
        assertEquals("b", json(bounded.serve(get("/api/v1/configmaps?limit=1&continue=" + second), this::whole))
                .get("items").get(0).get("metadata").get("name").asText());
    }

    /**
     * Lists being read stay past the bound: a facade reads its host kinds at once, and each list dropped under it
     * would be listed again from the start (seen with 15,000 servers).
     */
    @Test
    void listsBeingReadStayPastTheBound() throws Exception {
        ListPages bounded = new ListPages(now::get, 60);
        String first = json(bounded.serve(get("/api/v1/configmaps?limit=1"), this::whole)).get("metadata")
                .get("continue").asText();
        now.addAndGet(ListPages.IDLE.toNanos() - 1);
        String second = json(bounded.serve(get("/api/v1/configmaps?limit=1"), this::whole)).get("metadata")
                .get("continue").asText();
        assertEquals(2, bounded.pending());
        for (String token : new String[] {first, second}) {
            assertEquals("b", json(bounded.serve(get("/api/v1/configmaps?limit=1&continue=" + token), this::whole))
                    .get("items").get(0).get("metadata").get("name").asText());
        }
    }

    @Test
    void whatIsNotAPagedListPassesUntouched() {
        MockResponse whole = whole();
        for (String path : new String[] {"/api/v1/configmaps", "/api/v1/configmaps?limit=3",
                "/api/v1/configmaps?limit=2&watch=true", "/api/v1/configmaps?limit=x"}) {
            assertSame(whole, pages.serve(get(path), () -> whole), path);
        }
        assertSame(whole, pages.serve(new RecordedRequest("HTTP/1.1", HttpMethod.POST, "/api/v1/configmaps?limit=2",
                null, null), () -> whole));
    }

    private MockResponse whole() {
        wholeLists.incrementAndGet();
        return new MockResponse().setResponseCode(200).setBody(LIST);
    }

    private static RecordedRequest get(String path) {
        return new RecordedRequest("HTTP/1.1", HttpMethod.GET, path, null, null);
    }

    private static JsonNode json(MockResponse response) throws Exception {
        assertEquals(200, response.code());
        return Json.MAPPER.readTree(response.getBody().getBytes());
    }
}
