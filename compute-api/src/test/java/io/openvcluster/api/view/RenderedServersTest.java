package io.openvcluster.api.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.model.ServerData;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RenderedServersTest {
    private static final Microversion MV = Microversion.parse("2.96");

    @Test
    void showIsByteForByteTheTreeView() throws Exception {
        ServerData s = Samples.bench1();
        byte[] cached = new RenderedServers(10).show(s, MV, Samples.LINKS);
        assertArrayEquals(Json.MAPPER.writeValueAsBytes(ServerView.show(s, MV, Samples.LINKS)), cached);
    }

    @Test
    void detailIsByteForByteTheTreeListWithAndWithoutNextLink() throws Exception {
        List<ServerData> servers = IntStream.range(0, 3).mapToObj(i -> renamed(Samples.bench1(), "s" + i)).toList();
        RenderedServers rendered = new RenderedServers(10);
        for (Optional<String> next : List.of(Optional.<String>empty(), Optional.of("http://h/compute/v2.1/servers/detail?marker=x"))) {
            byte[] expected = Json.MAPPER.writeValueAsBytes(ServerView.list(
                    servers.stream().map(s -> ServerView.detailItem(s, MV, Samples.LINKS)).toList(), next));
            assertArrayEquals(expected, rendered.detail(servers, MV, Samples.LINKS, next));
        }
        assertArrayEquals("{\"servers\":[]}".getBytes(), rendered.detail(List.of(), MV, Samples.LINKS, Optional.empty()));
    }

    @Test
    void theSameInstanceMicroversionAndLinksReuseTheBytes() {
        ServerData s = Samples.bench1();
        RenderedServers rendered = new RenderedServers(10);
        assertSame(rendered.show(s, MV, Samples.LINKS), rendered.show(s, MV, Samples.LINKS));
    }

    @Test
    void aChangedServerAnotherMicroversionOrAnotherHostRenderAnew() throws Exception {
        ServerData s = Samples.bench1();
        RenderedServers rendered = new RenderedServers(10);
        byte[] first = rendered.show(s, MV, Samples.LINKS);

        ServerData renamed = renamed(s, "renamed");
        String body = new String(rendered.show(renamed, MV, Samples.LINKS));
        assertEquals("renamed", Json.MAPPER.readTree(body).path("server").path("name").asText());

        byte[] old = rendered.show(s, Microversion.parse("2.1"), Samples.LINKS);
        assertEquals(false, Json.MAPPER.readTree(old).path("server").has("locked"));

        Links other = Links.of("http://other:8774");
        String elsewhere = new String(rendered.show(s, MV, other));
        assertEquals("http://other:8774/compute/v2.1/servers/" + s.id(),
                Json.MAPPER.readTree(elsewhere).path("server").path("links").get(0).path("href").asText());
        assertNotSame(first, rendered.show(s, MV, Samples.LINKS));
    }

    @Test
    void theCacheStartsOverPastItsBound() {
        RenderedServers rendered = new RenderedServers(2);
        for (int i = 0; i < 5; i++) {
            rendered.show(renamed(Samples.bench1(), "s" + i), MV, Samples.LINKS);
        }
        assertEquals(1, rendered.size()); // ids are equal here: one entry, replaced each time
        List<ServerData> many = IntStream.range(0, 5).mapToObj(i -> withId(Samples.bench1(), "id-" + i)).toList();
        rendered.detail(many, MV, Samples.LINKS, Optional.empty());
        assertEquals(true, rendered.size() <= 1 + 2);
        assertThrows(IllegalArgumentException.class, () -> new RenderedServers(0));
    }

    private static ServerData renamed(ServerData s, String name) {
        return copy(s, s.id(), name);
    }

    private static ServerData withId(ServerData s, String id) {
        return copy(s, id, s.name());
    }

    private static ServerData copy(ServerData s, String id, String name) {
        return new ServerData(id, name, s.projectId(), s.userId(), s.created(), s.updated(), s.launchedAt(),
                s.vmState(), s.taskState(), s.powerState(), s.progress(), s.imageId(), s.flavor(), s.metadata(),
                s.tags(), s.keyName(), s.description(), s.locked(), s.lockedReason(), s.accessIPv4(), s.accessIPv6(),
                s.hostId(), s.hostname(), s.availabilityZone(), s.addresses(), s.fault(), s.diskConfig());
    }
}
