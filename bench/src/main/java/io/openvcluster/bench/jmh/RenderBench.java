package io.openvcluster.bench.jmh;

import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.model.DiskConfig;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.api.view.Links;
import io.openvcluster.api.view.RenderedServers;
import io.openvcluster.api.view.ServerView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wire JSON of servers at microversion 2.96 (the most fields): one server as {@code GET /servers/{id}} answers
 * it, and a detail page of 1,000; each built as a Jackson tree and serialised (what every request paid before), and
 * served from {@link RenderedServers} (what a request pays while the server is unchanged).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-XX:+UseSerialGC", "-Xmx256m"})
public class RenderBench {
    private static final Microversion MV = Microversion.parse("2.96");
    private static final Links LINKS = Links.of("http://127.0.0.1:8774");

    private ServerData one;
    private List<ServerData> page;
    private RenderedServers rendered;

    @Setup
    public void setUp() {
        page = IntStream.range(0, 1_000).mapToObj(RenderBench::server).toList();
        one = page.getFirst();
        rendered = new RenderedServers(10_000);
    }

    @Benchmark
    public byte[] showTree() throws Exception {
        return Json.MAPPER.writeValueAsBytes(ServerView.show(one, MV, LINKS));
    }

    @Benchmark
    public byte[] showCached() {
        return rendered.show(one, MV, LINKS);
    }

    @Benchmark
    public byte[] detail1000Tree() throws Exception {
        return Json.MAPPER.writeValueAsBytes(ServerView.list(
                page.stream().map(s -> ServerView.detailItem(s, MV, LINKS)).toList(), Optional.empty()));
    }

    @Benchmark
    public byte[] detail1000Cached() {
        return rendered.detail(page, MV, LINKS, Optional.empty());
    }

    /** A typical ACTIVE server: an address, two metadata items, a tag, a key pair, a flavor with an extra spec. */
    static ServerData server(int i) {
        String id = new UUID(0x9b8ab7109d954958L, i).toString();
        FlavorData flavor = new FlavorData("2", "m1.small", 2, 4096, 20, 0, 0, 1.0, true, false, Optional.empty(),
                Map.of("ovc:pods", "100"));
        Instant created = Instant.parse("2026-11-25T19:12:11Z").plusSeconds(i);
        return new ServerData(id, "bench-" + i, "840aa6786a8f4da0a3714c15ba1ff90a", "40c0a733f84040d5ab748e8d217861a9",
                created, created.plusSeconds(40), Optional.of(created.plusSeconds(40)), "active", Optional.empty(),
                1, 0, "5285a923-bca1-47d6-b5c2-7ec8d51b482f", flavor, Map.of("team", "blue", "tier", "web"),
                List.of("bench"), Optional.of("ops-key"), Optional.of("a benchmark server"), false, Optional.empty(),
                "", "", "1b2f08d7df89065e079f40678e9ab2e8ad179c1ac09f1c977b522b6f", "bench-" + i, "nova",
                Map.of("vcluster", List.of(new ServerData.AddressData("10.96." + (i / 250) + "." + (i % 250), 4,
                        "fixed", "fa:16:3e:9b:8a:b7"))),
                Optional.empty(), DiskConfig.MANUAL);
    }
}
