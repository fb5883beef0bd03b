package io.openvcluster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Load generator for a running server (normally the facade started by {@code bench/run.sh}).
 * Loads N servers through the API (those already there count), then measures closed-loop throughput and latency
 * percentiles at several client concurrencies and prints a table: {@code GET /servers/{id}}, {@code GET
 * /servers/detail} (all, and pages of 1,000), {@code GET /flavors/detail}, {@code POST /v3/auth/tokens} and
 * {@code POST /servers} (the 202 path; last, as it adds servers). {@code --rows=show,flavors} picks rows,
 * {@code --load-only=true} only loads. A second table splits each row's time by the facade's {@code Server-Timing}
 * header: the time it waited on the Kubernetes API ({@code kube}) and the rest ({@code total - kube}, the part the
 * create budget of docs/benchmarks.md counts: 20 ms p99 excluding Kubernetes write latency).
 * A benchmark, not a test: it prints numbers and asserts nothing.
 */
public final class ApiBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The rows, in the order they run ({@code --rows=} picks some). */
    private static final List<String> ROWS = List.of("show", "detail", "detail-limit", "flavors", "tokens", "create");

    private final String base;
    /** The loading and setup calls; the measured rows use it only with {@code --client=jdk}. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final InetSocketAddress address;
    private final String hostHeader;
    private final boolean useJdkClient;
    private final int warmupSeconds;
    private String token;
    private String projectId;
    private String flavorRef;
    private String imageRef;
    /** Lines of the second table (total, kube, total - kube per row), printed after the first. */
    private final List<String> splits = new ArrayList<>();
    /** Lines of the third table: what the load generator itself allocated and collected per row. */
    private final List<String> ownCosts = new ArrayList<>();
    /** Per worker: total latency, the kube share, and total - kube (reused by every run). */
    private final List<Histogram> totals = new ArrayList<>();
    private final List<Histogram> kubes = new ArrayList<>();
    private final List<Histogram> facades = new ArrayList<>();
    /**
     * The bytes of the GETs sent before, shared by the workers and kept across runs (a row's GETs repeat; a create's
     * body is new every time). The token does not change once the rows run.
     */
    private final Map<Call, byte[]> encoded = new ConcurrentHashMap<>();

    private ApiBench(String base, boolean useJdkClient, int warmupSeconds) {
        this.base = base;
        URI uri = URI.create(base);
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        this.address = new InetSocketAddress(uri.getHost(), port);
        this.hostHeader = uri.getHost() + ":" + port;
        this.useJdkClient = useJdkClient;
        this.warmupSeconds = warmupSeconds;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        int servers = Integer.parseInt(opt.getOrDefault("servers", "1000"));
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "10"));
        String client = opt.getOrDefault("client", "socket");
        if (!client.equals("socket") && !client.equals("jdk")) {
            throw new IllegalArgumentException("--client is socket or jdk, got " + client);
        }
        ApiBench bench = new ApiBench(opt.getOrDefault("base", "http://127.0.0.1:8774"), client.equals("jdk"),
                Integer.parseInt(opt.getOrDefault("warmup-seconds", String.valueOf(Math.max(1, seconds / 3)))));
        List<Integer> concurrencies = new ArrayList<>();
        for (String c : opt.getOrDefault("concurrency", "1,8,32").split(",")) {
            concurrencies.add(Integer.parseInt(c.trim()));
        }
        bench.login(opt.getOrDefault("user", "demo"), opt.getOrDefault("password", "sandbox"),
                opt.getOrDefault("project", "demo"));
        bench.liftQuota(opt.getOrDefault("admin-password", opt.getOrDefault("password", "sandbox")));
        long loadStart = System.nanoTime();
        List<String> ids = bench.load(servers, opt.getOrDefault("flavor", ""), opt.getOrDefault("image", ""));
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        int active = bench.awaitActive(ids.size(), Duration.ofSeconds(Long.parseLong(opt.getOrDefault("settle-seconds", "600"))));
        double activeSeconds = (System.nanoTime() - loadStart) / 1e9;
        System.out.printf("%nservers loaded: %d in %.1f s (202s accepted); ACTIVE: %d, %.1f s after the first create%n%n",
                ids.size(), loadSeconds, active, activeSeconds);
        if (Boolean.parseBoolean(opt.getOrDefault("load-only", "false"))) {
            return;
        }
        Set<String> rows = Set.of(opt.getOrDefault("rows", String.join(",", ROWS)).split(","));
        System.out.printf("| endpoint | clients | requests | req/s | p50 ms | p99 ms | p99.9 ms | max ms | errors |%n");
        System.out.printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|%n");
        if (rows.contains("show")) {
            // made once: the load generator should not allocate per request what it can prepare
            List<Call> shows = ids.stream().map(id -> Call.get("/compute/v2.1/servers/" + id)).toList();
            bench.measureAll("GET /servers/{id}", concurrencies, seconds, 200,
                    i -> shows.get(ThreadLocalRandom.current().nextInt(shows.size())));
            // The closed loop above saturates the 2 cores that the facade shares with this generator: its tail is
            // mostly the run queue. The budget pairs p99 with a rate (p99 ≤ 5 ms at 10,000 req/s; docs/benchmarks.md,
            // "Budgets"), so the same row is also measured at fixed offered rates, each latency counted from the
            // request's scheduled time.
            bench.measureAtRates("GET /servers/{id}", opt, "show", seconds, 200,
                    i -> shows.get(ThreadLocalRandom.current().nextInt(shows.size())));
        }
        if (rows.contains("detail")) {
            bench.measureAll("GET /servers/detail (all " + ids.size() + ")", concurrencies, seconds, 200,
                    i -> Call.get("/compute/v2.1/servers/detail"));
        }
        if (rows.contains("detail-limit")) {
            bench.measureAll("GET /servers/detail?limit=1000", concurrencies, seconds, 200,
                    i -> Call.get("/compute/v2.1/servers/detail?limit=1000"));
        }
        if (rows.contains("flavors")) {
            bench.measureAll("GET /flavors/detail", concurrencies, seconds, 200, i -> Call.get("/compute/v2.1/flavors/detail"));
        }
        if (rows.contains("tokens")) {
            String user = opt.getOrDefault("user", "demo");
            String password = opt.getOrDefault("password", "sandbox");
            String project = opt.getOrDefault("project", "demo");
            bench.measureAll("POST /v3/auth/tokens (password)", concurrencies, seconds, 201,
                    i -> loginCall(user, password, project));
        }
        if (rows.contains("create")) {
            // last: every request adds a server (and reconciler work) to what the other rows would see
            AtomicInteger created = new AtomicInteger();
            bench.measureAll("POST /servers (202)", concurrencies, seconds, 202, i -> createCall(
                    "bench-load-" + created.incrementAndGet(), bench.flavorRef, bench.imageRef));
            // as for the GET row: a closed loop at 8 or 32 clients saturates the cores (the provisioning of what it
            // creates included), so its tail is the run queue; --create-rate measures at fixed offered rates
            bench.measureAtRates("POST /servers (202)", opt, "create", seconds, 202, i -> createCall(
                    "bench-load-" + created.incrementAndGet(), bench.flavorRef, bench.imageRef));
            System.out.printf("%nPOST /servers rows created %d servers (warm-ups included)%n", created.get());
        }
        bench.printSplits();
    }

    private void printSplits() {
        System.out.printf("%nWhere the time went (Server-Timing: kube = waiting on the Kubernetes API; facade = total - kube)%n%n");
        System.out.printf("| endpoint | clients | total p50 ms | total p99 ms | kube p50 ms | kube p99 ms | facade p50 ms | facade p99 ms |%n");
        System.out.printf("|---|---:|---:|---:|---:|---:|---:|---:|%n");
        splits.forEach(System.out::println);
        System.out.printf("%nThe load generator's own cost while measuring (%s client; its JVM's allocation and collections)%n%n",
                useJdkClient ? "JDK HttpClient" : "socket");
        System.out.printf("| endpoint | clients | %s |%n", OwnCost.HEADER);
        System.out.printf("|---|---:|---:|---:|---:|---:|%n");
        ownCosts.forEach(System.out::println);
    }

    /**
     * As an operator would before a load test: an admin lifts the project's instance, core and RAM quotas (-1,
     * unlimited) through {@code PUT /os-quota-sets/{project}}.
     */
    private void liftQuota(String adminPassword) throws IOException, InterruptedException {
        String projectId = this.projectId;
        String memberToken = token;
        login(System.getProperty("ovc.bench.admin", "admin"), adminPassword, "admin");
        HttpResponse<String> r = http.send(request("/compute/v2.1/os-quota-sets/" + projectId)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"quota_set\":{\"instances\":-1,\"cores\":-1,\"ram\":-1}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("quota update -> " + r.statusCode() + " " + r.body());
        }
        token = memberToken;
        this.projectId = projectId;
    }

    /**
     * One request of a row, whichever client sends it: a GET, or a POST of a JSON body; all but the login carry the
     * token and the compute microversion.
     */
    record Call(String method, String path, Optional<String> body, boolean authenticated) {
        static Call get(String path) {
            return new Call("GET", path, Optional.empty(), true);
        }
    }

    private static Call loginCall(String user, String password, String project) {
        String body = """
                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"name":"Default"},"password":"%s"}}},
                 "scope":{"project":{"name":"%s","domain":{"name":"Default"}}}}}""".formatted(user, password, project);
        return new Call("POST", "/identity/v3/auth/tokens", Optional.of(body), false);
    }

    private static Call createCall(String name, String flavor, String image) {
        String body = "{\"server\":{\"name\":\"" + name + "\",\"flavorRef\":\"" + flavor
                + "\",\"imageRef\":\"" + image + "\",\"networks\":\"none\"}}";
        return new Call("POST", "/compute/v2.1/servers", Optional.of(body), true);
    }

    /** The call for the JDK client. */
    private HttpRequest jdkRequest(Call call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + call.path())).timeout(Duration.ofSeconds(30));
        if (call.authenticated()) {
            b.header("X-Auth-Token", token).header("Accept", "application/json")
                    .header("OpenStack-API-Version", "compute 2.96");
        }
        call.body().ifPresentOrElse(
                body -> b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)),
                b::GET);
        return b.build();
    }

    /** The call's bytes on the wire for {@link Http1Connection}: the same request line and headers as the JDK client sends. */
    private byte[] wireRequest(Call call) {
        StringBuilder r = new StringBuilder(512).append(call.method()).append(' ').append(call.path())
                .append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
        if (call.authenticated()) {
            r.append("X-Auth-Token: ").append(token).append("\r\nAccept: application/json\r\n")
                    .append("OpenStack-API-Version: compute 2.96\r\n");
        }
        byte[] body = call.body().map(b -> b.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        if (call.body().isPresent()) {
            r.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] head = r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private void login(String user, String password, String project) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(jdkRequest(loginCall(user, password, project)), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
        }
        token = r.headers().firstValue("X-Subject-Token").orElseThrow();
        projectId = JSON.readTree(r.body()).path("token").path("project").path("id").asText();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("X-Auth-Token", token).header("Accept", "application/json")
                .header("OpenStack-API-Version", "compute 2.96");
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private List<String> load(int count, String flavor, String image) throws Exception {
        flavorRef = flavor.isEmpty() ? getJson("/compute/v2.1/flavors").path("flavors").get(0).path("id").asText() : flavor;
        imageRef = image.isEmpty() ? getJson("/image/v2/images").path("images").get(0).path("id").asText() : image;
        List<String> ids = new ArrayList<>(existingIds());
        int missing = count - ids.size();
        System.out.printf("loading %d servers (%d already there), flavor %s, image %s%n", missing, ids.size(), flavorRef, imageRef);
        AtomicInteger seq = new AtomicInteger(ids.size());
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < missing; i++) {
                futures.add(pool.submit(() -> {
                    HttpResponse<String> r = http.send(jdkRequest(createCall("bench-" + seq.incrementAndGet(), flavorRef, imageRef)),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 202) {
                        throw new IllegalStateException("create -> " + r.statusCode() + " " + r.body());
                    }
                    return JSON.readTree(r.body()).path("server").path("id").asText();
                }));
            }
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
        }
        return ids;
    }

    private List<String> existingIds() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        getJson("/compute/v2.1/servers").path("servers").forEach(s -> ids.add(s.path("id").asText()));
        return ids;
    }

    private int awaitActive(int expected, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int active = 0;
        while (System.nanoTime() < deadline) {
            active = getJson("/compute/v2.1/servers?status=ACTIVE").path("servers").size();
            if (active >= expected) {
                break;
            }
            Thread.sleep(2000);
        }
        return active;
    }

    private void measureAll(String label, List<Integer> concurrencies, int seconds, int expectedStatus,
                            IntFunction<Call> callFor) throws Exception {
        for (int c : concurrencies) {
            measure(label, c, seconds, expectedStatus, 0, callFor);
        }
    }

    /**
     * The row at the fixed offered rates of {@code --<row>-rate} (comma-separated, none by default), each by the
     * client counts of {@code --<row>-rate-concurrency} (default 32); a latency counts from the request's scheduled
     * time.
     */
    private void measureAtRates(String label, Map<String, String> opt, String row, int seconds, int expectedStatus,
                                IntFunction<Call> callFor) throws Exception {
        for (String rate : opt.getOrDefault(row + "-rate", "").split(",")) {
            if (!rate.isBlank()) {
                for (String c : opt.getOrDefault(row + "-rate-concurrency", "32").split(",")) {
                    measure(label + " @ " + rate.trim() + "/s offered", Integer.parseInt(c.trim()), seconds,
                            expectedStatus, Integer.parseInt(rate.trim()), callFor);
                }
            }
        }
    }

    /** @param rate requests per second offered by all clients together; 0: closed loop (each as fast as it can) */
    private void measure(String label, int clients, int seconds, int expectedStatus, int rate,
                         IntFunction<Call> callFor) throws Exception {
        if (warmupSeconds > 0) {
            runLoad(clients, warmupSeconds, expectedStatus, rate, callFor);
        }
        // the load generator's long-lived objects (histograms, prepared requests) moved out of the young generation
        // before the clock starts, so that none of its collections while measuring has them to copy
        histograms(totals, clients);
        histograms(kubes, clients);
        histograms(facades, clients);
        System.gc();
        Thread.sleep(200); // its notification arrives on another thread: not to be counted in the run
        OwnCost.Mark mark = OwnCost.mark();
        Result r = runLoad(clients, seconds, expectedStatus, rate, callFor);
        Histogram h = r.histogram;
        System.out.printf("| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %d |%n", label, clients, h.getTotalCount(),
                h.getTotalCount() / (r.elapsedNanos / 1e9), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), r.errors);
        splits.add(String.format("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |", label, clients,
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                ms(r.kube.getValueAtPercentile(50)), ms(r.kube.getValueAtPercentile(99)),
                ms(r.facade.getValueAtPercentile(50)), ms(r.facade.getValueAtPercentile(99))));
        ownCosts.add("| %s | %d | %s |".formatted(label, clients, mark.since(h.getTotalCount())));
    }

    /** @param kube the Kubernetes share the facade reported per request; facade: total minus that */
    private record Result(Histogram histogram, Histogram kube, Histogram facade, long elapsedNanos, int errors) {
    }

    /** Nanoseconds of {@code kube;dur=<ms>} in a Server-Timing header; 0 without one. */
    static long kubeNanos(String serverTiming) {
        int at = serverTiming.indexOf("kube;dur=");
        if (at < 0) {
            return 0;
        }
        int from = at + "kube;dur=".length();
        int to = serverTiming.indexOf(',', from);
        return Math.round(Double.parseDouble(serverTiming.substring(from, to < 0 ? serverTiming.length() : to)) * 1e6);
    }

    /** One closed-loop worker: sends a call, reads the whole response, records the time, and again. */
    private interface Worker extends AutoCloseable {
        /** Encodes the next call (before the clock starts). */
        void prepare(Call call);

        /** Sends the prepared call and reads its whole response; returns the kube nanoseconds it reported. */
        long exchange(int expectedStatus, AtomicInteger errors) throws IOException, InterruptedException;

        @Override
        default void close() {
        }
    }

    private Worker worker() {
        if (useJdkClient) {
            return new Worker() {
                private HttpRequest next;

                @Override
                public void prepare(Call call) {
                    next = jdkRequest(call);
                }

                @Override
                public long exchange(int expectedStatus, AtomicInteger errors) throws IOException, InterruptedException {
                    HttpResponse<byte[]> r = http.send(next, HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != expectedStatus) {
                        errors.incrementAndGet();
                    }
                    return r.headers().firstValue("Server-Timing").map(ApiBench::kubeNanos).orElse(0L);
                }
            };
        }
        Http1Connection connection = new Http1Connection(address);
        return new Worker() {
            private byte[] next;

            @Override
            public void prepare(Call call) {
                next = call.body().isPresent() ? wireRequest(call) : encoded.computeIfAbsent(call, ApiBench.this::wireRequest);
            }

            @Override
            public long exchange(int expectedStatus, AtomicInteger errors) throws IOException {
                Http1Connection.Response r = connection.exchange(next);
                // a success the facade answers has a JSON body (a 202 of a create too)
                if (r.status() != expectedStatus || r.bodyLength() == 0) {
                    errors.incrementAndGet();
                }
                return r.kubeNanos();
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }

    /**
     * @param rate 0: each worker sends its next call when it has read the last response (closed loop); otherwise
     *             the workers together offer {@code rate} calls a second, each on its own schedule (worker t's k-th
     *             call at start + (k * clients + t) / rate), and a call's latency counts from its scheduled time, so
     *             that a worker held up by a slow response does not hide the delay its next calls suffer
     */
    private Result runLoad(int clients, int seconds, int expectedStatus, int rate, IntFunction<Call> callFor)
            throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicInteger errors = new AtomicInteger();
        List<Histogram> perThread = histograms(totals, clients);
        List<Histogram> kubePerThread = histograms(kubes, clients);
        List<Histogram> facadePerThread = histograms(facades, clients);
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            long period = rate > 0 ? 1_000_000_000L / rate : 0;
            for (int t = 0; t < clients; t++) {
                long first = start + t * period;
                Histogram h = perThread.get(t);
                Histogram kube = kubePerThread.get(t);
                Histogram facade = facadePerThread.get(t);
                futures.add(pool.submit(() -> {
                    try (Worker worker = worker()) {
                        int i = 0;
                        while (System.nanoTime() < end) {
                            worker.prepare(callFor.apply(i));
                            long t0;
                            if (period > 0) {
                                // from the scheduled time to the last byte of the response read
                                t0 = first + (long) i * clients * period;
                                long wait = t0 - System.nanoTime();
                                if (wait > 0) {
                                    LockSupport.parkNanos(wait);
                                }
                            } else {
                                // from the first byte sent to the last byte of the response read
                                t0 = System.nanoTime();
                            }
                            i++;
                            long kubeNanos = 0;
                            try {
                                kubeNanos = worker.exchange(expectedStatus, errors);
                            } catch (IOException e) {
                                errors.incrementAndGet();
                            }
                            long total = System.nanoTime() - t0;
                            h.recordValue(total);
                            kube.recordValue(kubeNanos);
                            facade.recordValue(Math.max(0, total - kubeNanos));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        long elapsed = System.nanoTime() - start;
        return new Result(merged(perThread), merged(kubePerThread), merged(facadePerThread), elapsed, errors.get());
    }

    /**
     * The first {@code clients} histograms of a pool, reset: made once and reused by every run, so that the load
     * generator's collections do not copy a few hundred KB of counts per worker again and again while it measures.
     */
    private static List<Histogram> histograms(List<Histogram> pool, int clients) {
        while (pool.size() < clients) {
            pool.add(new Histogram(60_000_000_000L, 3));
        }
        List<Histogram> used = pool.subList(0, clients);
        used.forEach(Histogram::reset);
        return used;
    }

    private static Histogram merged(List<Histogram> perThread) {
        Histogram all = new Histogram(60_000_000_000L, 3);
        perThread.forEach(all::add);
        return all;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                opt.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("options are --key=value, got " + a);
            }
        }
        return opt;
    }
}
