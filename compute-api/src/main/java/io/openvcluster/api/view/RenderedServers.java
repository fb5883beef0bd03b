package io.openvcluster.api.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.model.ServerData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The wire JSON of servers, rendered once and served as bytes until the server changes: the hot
 * {@code GET /servers/{id}} and {@code GET /servers/detail} do not build a Jackson tree per request.
 *
 * <p>A rendering is reused only for the very {@link ServerData} instance it was made from (the domain hands out one
 * instance per record resourceVersion, so a changed server is a new instance and renders anew), the same
 * microversion and the same links (the client's Host header). One rendering per server and call shape is kept;
 * a client switching microversions simply re-renders. The cache is bounded: past {@code maxEntries} per shape it is
 * cleared and refills on demand, so deleted servers cannot pile up.
 */
public final class RenderedServers {
    private static final byte[] LINKS_KEY = ",\"servers_links\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LIST_OPEN = "{\"servers\":[".getBytes(StandardCharsets.UTF_8);

    private final int maxEntries;
    private final Map<String, Rendering> shown = new ConcurrentHashMap<>();
    private final Map<String, Rendering> detailed = new ConcurrentHashMap<>();
    /** Admins' renderings, with the extended attributes, apart from the members'. */
    private final Map<String, Rendering> shownToAdmins = new ConcurrentHashMap<>();
    private final Map<String, Rendering> detailedToAdmins = new ConcurrentHashMap<>();

    private record Rendering(ServerData data, Microversion mv, Links links, byte[] json) {
        boolean renders(ServerData s, Microversion otherMv, Links otherLinks) {
            // identity, not equals: one instance per record version, and comparing is then free
            return data == s && mv.equals(otherMv) && links.equals(otherLinks);
        }
    }

    /** @param maxEntries how many servers' renderings to keep per call shape before starting over */
    public RenderedServers(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** The body of {@code GET /servers/{id}}: exactly the bytes of {@link ServerView#show}. */
    public byte[] show(ServerData s, Microversion mv, Links l) {
        return show(s, mv, l, ServerView.Audience.MEMBER);
    }

    /** As {@link #show(ServerData, Microversion, Links)}, for that audience. */
    public byte[] show(ServerData s, Microversion mv, Links l, ServerView.Audience audience) {
        return rendered(audience == ServerView.Audience.ADMIN ? shownToAdmins : shown, s, mv, l,
                () -> ServerView.show(s, mv, l, audience));
    }

    /** The body of {@code GET /servers/detail}: exactly the bytes of {@link ServerView#list} of detail items. */
    public byte[] detail(List<ServerData> servers, Microversion mv, Links l, Optional<String> nextHref) {
        return detail(servers, mv, l, nextHref, ServerView.Audience.MEMBER);
    }

    /** As {@link #detail(List, Microversion, Links, Optional)}, for that audience. */
    public byte[] detail(List<ServerData> servers, Microversion mv, Links l, Optional<String> nextHref,
                         ServerView.Audience audience) {
        Map<String, Rendering> cache = audience == ServerView.Audience.ADMIN ? detailedToAdmins : detailed;
        int estimate = 0;
        byte[][] items = new byte[servers.size()][];
        for (int i = 0; i < items.length; i++) {
            ServerData s = servers.get(i);
            items[i] = rendered(cache, s, mv, l, () -> ServerView.detailItem(s, mv, l, audience));
            estimate += items[i].length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimate + 256);
        out.writeBytes(LIST_OPEN);
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(items[i]);
        }
        out.write(']');
        nextHref.ifPresent(href -> {
            out.writeBytes(LINKS_KEY);
            ObjectNode link = Json.object().put("rel", "next").put("href", href);
            out.writeBytes(bytes(Json.array().add(link)));
        });
        out.write('}');
        return out.toByteArray();
    }

    /** How many renderings are held (both shapes). */
    public int size() {
        return shown.size() + detailed.size() + shownToAdmins.size() + detailedToAdmins.size();
    }

    private byte[] rendered(Map<String, Rendering> cache, ServerData s, Microversion mv, Links l,
                            Supplier<ObjectNode> view) {
        Rendering cached = cache.get(s.id());
        if (cached != null && cached.renders(s, mv, l)) {
            return cached.json();
        }
        byte[] json = bytes(view.get());
        if (cache.size() >= maxEntries) {
            cache.clear();
        }
        cache.put(s.id(), new Rendering(s, mv, l, json));
        return json;
    }

    private static byte[] bytes(Object node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a server view", e);
        }
    }
}
