package io.openvcluster.server.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.openvcluster.api.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Kubernetes' chunked lists ({@code ?limit=N}, then {@code ?continue=token}) for the sandbox's API server: fabric8's
 * mock answers every list whole. A client that pages (the facade's host informers ask for 500 at a time, as
 * client-go's reflectors do) then holds one page in memory instead of the whole kind, here as on a real cluster.
 *
 * <p>As a real API server serves the pages of one list from one snapshot (etcd's revision at the first page), the
 * first request takes the whole list once and keeps the rest for its continue token; each later page is cut from
 * that. A token unknown or older than {@link #KEPT} answers 410 Gone with reason {@code Expired}, as Kubernetes does
 * for a compacted revision, and the client lists again from the start.
 */
final class ListPages {
    /** How long the rest of a list waits for its next page. Kubernetes keeps a revision about five minutes. */
    static final Duration KEPT = Duration.ofMinutes(2);
    /**
     * Past this much JSON (characters) kept for lists not yet read to the end, the lists nobody has read for {@link
     * #IDLE} are dropped, least recently read first (their next page answers 410). A client that stops reading (a
     * facade stopped during its first lists) would otherwise leave its lists here for {@link #KEPT}: with 10,000
     * servers some 135 MB a start.
     */
    static final long MAX_KEPT_CHARS = 128L * 1024 * 1024;
    /**
     * A list read within this is never dropped for the bound: one facade reading its seven host kinds at once holds
     * more than the bound from about 12,000 servers on, and each of its lists dropped was listed again from the start.
     */
    static final Duration IDLE = Duration.ofSeconds(10);

    /** A list's object without its items, the items as JSON text (about the size of the response, not a tree). */
    private record Rest(ObjectNode head, List<String> items, long chars, int offset, long createdNanos,
                        long readNanos) {
    }

    private final Map<String, Rest> pending = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final long maxKeptChars;

    ListPages() {
        this(System::nanoTime, MAX_KEPT_CHARS);
    }

    ListPages(LongSupplier nanoClock, long maxKeptChars) {
        this.nanoClock = nanoClock;
        this.maxKeptChars = maxKeptChars;
    }

    /**
     * The page the request asks for, or {@code whole} unchanged for what is not a paged list (no {@code limit}, a
     * watch, an error, a single object, or a list no longer than the limit).
     */
    MockResponse serve(RecordedRequest request, Supplier<MockResponse> whole) {
        QueryParameters query = QueryParameters.of(request.getPath());
        long limit = query.number("limit");
        boolean watch = query.get("watch").filter("true"::equals).isPresent();
        if (!"GET".equals(request.getMethod()) || limit <= 0 || watch) {
            return whole.get();
        }
        expireOld();
        Optional<String> token = query.get("continue");
        if (token.isPresent()) {
            Rest rest = pending.remove(token.get());
            return rest == null ? expired() : page(rest, limit);
        }
        MockResponse response = whole.get();
        if (response.code() != 200 || response.getBody() == null) {
            return response;
        }
        Optional<ObjectNode> list = parseList(response);
        if (list.isEmpty() || list.get().get("items").size() <= limit) {
            return response;
        }
        ObjectNode head = list.get();
        List<String> items = new ArrayList<>();
        head.remove("items").forEach(item -> items.add(item.toString()));
        long chars = items.stream().mapToLong(String::length).sum();
        long now = nanoClock.getAsLong();
        return page(new Rest(head, items, chars, 0, now, now), limit);
    }

    /** Lists waiting for their next page (for tests). */
    int pending() {
        return pending.size();
    }

    private MockResponse page(Rest rest, long limit) {
        int end = (int) Math.min(rest.items().size(), rest.offset() + limit);
        ObjectNode page = rest.head().deepCopy();
        ObjectNode metadata = page.withObjectProperty("metadata");
        metadata.remove("continue");
        metadata.remove("remainingItemCount");
        if (end < rest.items().size()) {
            String token = UUID.randomUUID().toString();
            pending.put(token, new Rest(rest.head(), rest.items(), rest.chars(), end, rest.createdNanos(),
                    nanoClock.getAsLong()));
            keepWithinBound();
            metadata.put("continue", token);
            metadata.put("remainingItemCount", rest.items().size() - end);
        }
        String head = page.toString();
        StringBuilder body = new StringBuilder(head.length() + 4096 * (end - rest.offset()))
                .append(head, 0, head.lastIndexOf('}')).append(",\"items\":[");
        for (int i = rest.offset(); i < end; i++) {
            body.append(i == rest.offset() ? "" : ",").append(rest.items().get(i));
        }
        return new MockResponse().setResponseCode(200).addHeader("Content-Type: application/json")
                .setBody(body.append("]}").toString());
    }

    /** While the lists kept hold more than the bound, drops the least recently read of those idle for {@link #IDLE}. */
    private synchronized void keepWithinBound() {
        long kept = pending.values().stream().mapToLong(Rest::chars).sum();
        long idleSince = nanoClock.getAsLong() - IDLE.toNanos();
        while (kept > maxKeptChars) {
            var leastRecentlyRead = pending.entrySet().stream().filter(e -> e.getValue().readNanos() < idleSince)
                    .min(Comparator.comparingLong(e -> e.getValue().readNanos()));
            if (leastRecentlyRead.isEmpty()) {
                return;
            }
            pending.remove(leastRecentlyRead.get().getKey());
            kept -= leastRecentlyRead.get().getValue().chars();
        }
    }

    private void expireOld() {
        long now = nanoClock.getAsLong();
        pending.values().removeIf(rest -> now - rest.createdNanos() > KEPT.toNanos());
    }

    private static MockResponse expired() {
        ObjectNode status = Json.MAPPER.createObjectNode();
        status.put("apiVersion", "v1").put("kind", "Status").put("status", "Failure").put("reason", "Expired")
                .put("code", 410).put("message", "The provided continue parameter is too old to display a consistent "
                        + "list result. You can start a new list without the continue parameter.");
        status.putObject("metadata");
        return new MockResponse().setResponseCode(410).addHeader("Content-Type: application/json")
                .setBody(status.toString());
    }

    private static Optional<ObjectNode> parseList(MockResponse response) {
        try {
            JsonNode body = Json.MAPPER.readTree(response.getBody().getBytes());
            return body instanceof ObjectNode object && object.get("items") instanceof ArrayNode
                    ? Optional.of(object) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
