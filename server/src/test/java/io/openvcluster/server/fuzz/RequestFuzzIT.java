package io.openvcluster.server.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.openvcluster.api.Json;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.http.ApiRouting;
import io.openvcluster.server.identity.SandboxIdentityProvider;
import io.openvcluster.server.identity.StableIds;
import io.openvcluster.server.identity.TokenService;
import io.openvcluster.server.kube.crd.ComputeServiceRecord;
import io.openvcluster.server.kube.crd.FlavorRecord;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.KeyPairRecord;
import io.openvcluster.server.kube.crd.QuotaRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.SecurityGroupRecord;
import io.openvcluster.server.kube.crd.ServerGroupRecord;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.RawHttp;
import io.openvcluster.server.testing.SandboxBackendTest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input, at volume: {@value #DEFAULT_REQUESTS} generated malformed requests ({@link MalformedRequests}, seeded:
 * {@code -Dovc.fuzz.seed}, {@code -Dovc.fuzz.requests}) against the whole API on a real socket, backed by the real
 * domain on the sandbox cluster. Every answer must be below 500 (501 "not implemented yet" is counted apart), every
 * error must be in the fault format of its service with the status as its code and no stack trace, and a rejected
 * write must leave every record (servers, flavors, images, quotas, key pairs, security groups, server groups,
 * compute services) and the snapshot store as they were: image uploads ({@link ArchiveBodies}) of archives cut
 * short, not archives, or past the upload limit
 * included.
 *
 * <p>Then requests that ask for as much work as a request can ({@link PathologicalRequests}), from
 * {@value #ATTACKERS} clients at once, while a probe measures {@code /observe/health} and another project's
 * {@code GET /servers/{id}}: every such request is answered below 500 and the probe's worst latency stays under
 * {@value #PROBE_BOUND_MS} ms.
 */
@SandboxBackendTest(sandboxSnapshotStore = true, imageUploadMaxMib = RequestFuzzIT.UPLOAD_LIMIT_MIB)
class RequestFuzzIT {
    static final int UPLOAD_LIMIT_MIB = 1;
    private static final int DEFAULT_REQUESTS = 10_000;
    private static final int ATTACKERS = 8;
    private static final int PATHOLOGICAL_REQUESTS = 800;
    private static final long PROBE_BOUND_MS = 100;
    private static final String PASSWORD = "fuzz-secret";
    private static KubernetesClient client;
    private static Domain compute;
    private static SandboxCluster cluster;
    private static WebServer server;
    private static RawHttp http;
    private static MalformedRequests.Fixture fixture;

    @BeforeAll
    static void start() throws Exception {
        HttpRouting.Builder routing = HttpRouting.builder();
        ApiRouting.register(routing, compute, new SandboxIdentityProvider(PASSWORD),
                new TokenService(TokenService.randomKey(), Duration.ofHours(1)));
        WebServerConfig.Builder config = WebServer.builder().host("127.0.0.1").port(0).routing(routing)
                .addFeature(ObserveFeature.just(HealthObserver.builder().details(true).build()));
        ApiRouting.configure(config, UPLOAD_LIMIT_MIB * 1024L * 1024L);
        server = config.build().start();
        http = new RawHttp(server.port());

        String member = login("demo");
        String other = login("alt_demo");
        String ownServer = createServer(member, "fuzz-own");
        String otherServer = createServer(other, "fuzz-other");
        awaitActive(member, ownServer);
        JsonNode images = json(get("/image/v2/images", member));
        // the name the regular expressions of PathologicalRequests are aimed at
        awaitActive(member, createServer(member, "a".repeat(40) + "c"));
        // a queued image of demo's, which the fuzzed uploads aim at (last: servers are made of the newest image)
        RawHttp.Response queued = http.send(request("POST", "/image/v2/images", member,
                "{\"name\":\"fuzz-upload\",\"container_format\":\"bare\",\"disk_format\":\"raw\"}"));
        assertEquals(201, queued.status(), queued.text());
        fixture = new MalformedRequests.Fixture(ownServer, otherServer, "1", images.path("images").get(0).path("id").asText(),
                StableIds.of("project", "demo"), member, login("admin"), other, json(queued).path("id").asText(),
                UPLOAD_LIMIT_MIB * 1024L * 1024L);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void malformedRequestsNeverFailTheServerNorChangeAnything() throws Exception {
        int requests = Integer.getInteger("ovc.fuzz.requests", DEFAULT_REQUESTS);
        long seed = Long.getLong("ovc.fuzz.seed", 20261126L);
        MalformedRequests generator = new MalformedRequests(fixture, seed);
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        List<String> badFaults = new ArrayList<>();
        List<String> changedByRejection = new ArrayList<>();
        Map<String, String> records = snapshot();
        // the images the run's accepted requests make (snapshots, backups, shelve images) come and go in the
        // background (rotation, the delete after an unshelve); the fixture's own images must never go
        Set<String> fixtureImages = records.keySet().stream().filter(k -> k.startsWith("image/"))
                .collect(Collectors.toSet());
        int writesRejected = 0;
        for (int i = 0; i < requests; i++) {
            MalformedRequests.Generated request = generator.next();
            RawHttp.Response response;
            try {
                response = http.send(request.bytes());
            } catch (IOException e) {
                badFaults.add(i + " " + request.description() + ": no HTTP answer (" + e.getMessage() + ")");
                continue;
            }
            byStatus.merge(response.status(), 1, Integer::sum);
            if (response.status() >= 500 && response.status() != 501) {
                serverErrors.add(i + " " + request.description() + " -> " + response.status() + " " + shorten(response.text()));
            }
            int index = i;
            faultProblem(request, response).ifPresent(p -> badFaults.add(index + " " + request.description() + ": " + p));
            // a list of security groups makes the project's default group on first use, as Neutron does: a read
            // that writes, so it is followed like a write
            if (request.mutating() || request.description().contains("/os-security-groups")) {
                Map<String, String> after = snapshot();
                if (response.status() >= 400) {
                    writesRejected++;
                    if (changed(records, after, fixtureImages)) {
                        changedByRejection.add(i + " " + request.description() + " -> " + response.status() + " "
                                + difference(records, after));
                    }
                }
                records = after;
            }
        }
        int fiveHundreds = byStatus.entrySet().stream().filter(e -> e.getKey() >= 500 && e.getKey() != 501)
                .mapToInt(Map.Entry::getValue).sum();
        System.out.printf("fuzz: %d requests (seed %d), %d with a 5xx other than 501, 501 (not implemented yet): %d, "
                        + "rejected writes checked for changes: %d; by status %s%n", requests, seed, fiveHundreds,
                byStatus.getOrDefault(501, 0), writesRejected, byStatus);
        assertEquals(List.of(), first(serverErrors), "answers of 500 or more");
        assertEquals(List.of(), first(badFaults), "errors not in the service's fault format");
        assertEquals(List.of(), first(changedByRejection), "rejected requests that changed records");
        assertTrue(byStatus.getOrDefault(400, 0) > requests / 10, "the generator mostly produced bad requests: " + byStatus);
    }

    @Test
    void pathologicalRequestsFromSeveralClientsAreAnsweredAtOnceAndOthersStayServed() throws Exception {
        long seed = Long.getLong("ovc.fuzz.seed", 20261207L);
        Map<String, Integer> byStatus = new ConcurrentHashMap<>();
        Queue<String> serverErrors = new ConcurrentLinkedQueue<>();
        Queue<String> badFaults = new ConcurrentLinkedQueue<>();
        List<Long> probeMillis = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean attacking = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        byte[] health = request("GET", "/observe/health", "", "");
        byte[] othersServer = request("GET", "/compute/v2.1/servers/" + fixture.otherProjectServer(),
                fixture.otherProjectToken(), "");
        Thread probe = Thread.ofPlatform().name("fuzz-probe").start(() -> {
            boolean healthTurn = true;
            while (attacking.get()) {
                long started = System.nanoTime();
                try {
                    RawHttp.Response r = http.send(healthTurn ? health : othersServer);
                    if (r.status() != 200) {
                        badFaults.add("probe " + (healthTurn ? "health" : "other project's server") + " -> "
                                + r.status() + " " + shorten(r.text()));
                    }
                } catch (IOException e) {
                    badFaults.add("probe: no answer (" + e.getMessage() + ")");
                }
                probeMillis.add((System.nanoTime() - started) / 1_000_000);
                healthTurn = !healthTurn;
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        CountDownLatch ready = new CountDownLatch(ATTACKERS);
        List<Future<?>> attackers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(ATTACKERS)) {
            // made before the clients start, so that making them takes no CPU from the server while it is measured
            PathologicalRequests generator = new PathologicalRequests(fixture.memberToken(), fixture.ownServer(), seed);
            List<PathologicalRequests.Request> requests = new ArrayList<>();
            for (int i = 0; i < PATHOLOGICAL_REQUESTS; i++) {
                requests.add(generator.next());
            }
            for (int a = 0; a < ATTACKERS; a++) {
                attackers.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    for (int i; (i = sent.getAndIncrement()) < PATHOLOGICAL_REQUESTS; ) {
                        PathologicalRequests.Request request = requests.get(i);
                        RawHttp.Response response;
                        try {
                            response = http.send(request.bytes());
                        } catch (IOException e) {
                            badFaults.add(request.description() + ": no HTTP answer (" + e.getMessage() + ")");
                            continue;
                        }
                        byStatus.merge(request.kind() + " " + response.status(), 1, Integer::sum);
                        if (response.status() >= 500 && response.status() != 501) {
                            serverErrors.add(request.description() + " -> " + response.status() + " "
                                    + shorten(response.text()));
                        }
                        if (response.text().contains("\tat ") || response.text().contains("Exception")) {
                            badFaults.add(request.description() + " leaks internals: " + shorten(response.text()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> attacker : attackers) {
                attacker.get();
            }
        } finally {
            attacking.set(false);
            probe.join();
        }
        List<Long> sorted = probeMillis.stream().sorted().toList();
        long worst = sorted.isEmpty() ? -1 : sorted.getLast();
        System.out.printf("fuzz, pathological: %d requests from %d clients (seed %d), %d with a 5xx other than 501; "
                        + "probe (/observe/health and another project's server) %d answers, median %d ms, worst %d ms; "
                        + "by kind and status %s%n", PATHOLOGICAL_REQUESTS, ATTACKERS, seed, serverErrors.size(),
                sorted.size(), sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2), worst, new TreeMap<>(byStatus));
        assertEquals(List.of(), first(new ArrayList<>(serverErrors)), "answers of 500 or more");
        assertEquals(List.of(), first(new ArrayList<>(badFaults)), "requests without a proper answer");
        assertTrue(sorted.size() >= 10, "the probe ran " + sorted.size() + " times");
        assertTrue(worst < PROBE_BOUND_MS, "the probe's worst latency: " + worst + " ms");
    }

    /** Why an answer is not a proper fault of its service, if it is not. */
    private static java.util.Optional<String> faultProblem(MalformedRequests.Generated request, RawHttp.Response response) {
        String text = response.text();
        if (text.contains("\tat ") || text.contains("Exception")) {
            return java.util.Optional.of("leaks internals: " + shorten(text));
        }
        int status = response.status();
        if (status < 400 || request.method().equals("HEAD")) {
            return java.util.Optional.empty();
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            return java.util.Optional.of(status + " with a body that is not JSON: " + shorten(text));
        }
        if (body == null || !body.isObject()) {
            return java.util.Optional.of(status + " without a fault body: " + shorten(text));
        }
        String path = request.path();
        boolean keystone = body.path("error").path("code").asInt() == status && body.path("error").path("message").isTextual();
        boolean glance = body.path("code").asText().startsWith(status + " ") && body.path("message").isTextual();
        boolean nova = body.size() == 1 && body.elements().next().path("code").asInt() == status
                && body.elements().next().path("message").isTextual();
        boolean ok;
        if (status == 414) {
            // the request line was refused before its path was read: no service is known, any fault format will do
            ok = keystone || glance || nova;
        } else if (status == 401 || path.startsWith("/identity")) {
            ok = keystone;
        } else if (path.startsWith("/image")) {
            ok = glance;
        } else {
            ok = nova;
        }
        return ok ? java.util.Optional.empty() : java.util.Optional.of(status + " in the wrong format: " + shorten(text));
    }

    /**
     * Whether a record appeared, changed or went between the two snapshots; an image the run made may go, in the
     * background (see the caller).
     */
    private static boolean changed(Map<String, String> before, Map<String, String> after, Set<String> fixtureImages) {
        for (Map.Entry<String, String> e : before.entrySet()) {
            String now = after.get(e.getKey());
            boolean mayGo = e.getKey().startsWith("image/") && !fixtureImages.contains(e.getKey());
            if (now == null ? !mayGo : !now.equals(e.getValue())) {
                return true;
            }
        }
        return !before.keySet().containsAll(after.keySet());
    }

    /** The keys whose values differ between two snapshots, for the report. */
    private static String difference(Map<String, String> before, Map<String, String> after) {
        java.util.Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        return keys.stream().filter(k -> !java.util.Objects.equals(before.get(k), after.get(k)))
                .map(k -> k + " " + before.get(k) + " -> " + after.get(k)).toList().toString();
    }

    /** Every record's spec by kind and name: what a rejected request must not change. */
    private static Map<String, String> snapshot() {
        Map<String, String> all = new TreeMap<>();
        String ns = Fixtures.settings().namespace();
        // a server whose delete was accepted goes away in the background (the teardown): not a later request's doing
        add(all, "server", client.resources(ServerRecord.class).inNamespace(ns).list().getItems().stream()
                .filter(r -> !r.getSpec().isDeleteRequested()).toList(),
                r -> r.getMetadata().getName(), ServerRecord::getSpec);
        add(all, "flavor", client.resources(FlavorRecord.class).inNamespace(ns).list().getItems(),
                r -> r.getMetadata().getName(), FlavorRecord::getSpec);
        // a shelve image goes with the shelve or unshelve accepted earlier (deleted once the unshelve has finished);
        // an image pending deletion (an accepted delete) goes when the store confirms, and a backup when a later
        // backup's rotation deletes it: all in the background
        java.util.Set<String> shelveImages = client.resources(ServerRecord.class).inNamespace(ns).list().getItems()
                .stream().map(r -> r.getSpec().getShelvedImageId()).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toSet());
        add(all, "image", client.resources(ImageRecord.class).inNamespace(ns).list().getItems().stream()
                        .filter(r -> !shelveImages.contains(r.getSpec().getId()))
                        .filter(i -> !"pending_delete".equals(i.getSpec().getStatus()))
                        .filter(i -> i.getSpec().getProperties() == null
                                || !i.getSpec().getProperties().containsKey("backup_type")).toList(),
                r -> r.getMetadata().getName(), RequestFuzzIT::requestOwnedImageFields);
        add(all, "quota", client.resources(QuotaRecord.class).inNamespace(ns).list().getItems(),
                r -> r.getMetadata().getName(), QuotaRecord::getSpec);
        add(all, "keypair", client.resources(KeyPairRecord.class).inNamespace(ns).list().getItems(),
                r -> r.getMetadata().getName(), KeyPairRecord::getSpec);
        add(all, "securitygroup", client.resources(SecurityGroupRecord.class).inNamespace(ns).list().getItems(),
                r -> r.getMetadata().getName(), SecurityGroupRecord::getSpec);
        add(all, "servergroup", client.resources(ServerGroupRecord.class).inNamespace(ns).list().getItems(),
                r -> r.getMetadata().getName(), ServerGroupRecord::getSpec);
        add(all, "computeservice", client.resources(ComputeServiceRecord.class).inNamespace(ns).list().getItems(),
                r -> r.getMetadata().getName(), ComputeServiceRecord::getSpec);
        // the snapshot store: a rejected upload leaves nothing there (the fuzzed uploads all aim at one image; the
        // other archives come and go with snapshots and deletes that run in the background after accepted requests)
        if (fixture != null) {
            String upload = "s3://sandbox-snapshots/images/" + fixture.uploadImage() + ".tar.gz";
            all.put("archive/" + upload, Boolean.toString(cluster.simulator().storedSnapshots().contains(upload)));
        }
        return all;
    }

    /**
     * An image as requests change it: a snapshot accepted earlier (createImage, 202) goes on from queued to active
     * in the background, written by the reconciler, so its status and update time are not a request's doing.
     */
    private static Object requestOwnedImageFields(ImageRecord image) {
        var spec = Records.copy(image).getSpec();
        spec.setStatus(null);
        spec.setUpdatedAt(null);
        if (spec.getProperties() != null) {
            spec.getProperties().remove("vcluster_snapshot_error");
        }
        return spec;
    }

    private static <T> void add(Map<String, String> all, String kind, List<T> items, Function<T, String> name,
                                Function<T, Object> spec) {
        for (T item : items) {
            try {
                all.put(kind + "/" + name.apply(item), Json.MAPPER.writeValueAsString(spec.apply(item)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String login(String user) throws IOException {
        String body = """
                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"name":"Default"},
                 "password":"%s"}}},"scope":{"project":{"name":"%s","domain":{"name":"Default"}}}}}"""
                .formatted(user, PASSWORD, user);
        RawHttp.Response r = http.send(request("POST", "/identity/v3/auth/tokens", "", body));
        assertEquals(201, r.status(), r.text());
        return r.headers().get("x-subject-token");
    }

    private static String createServer(String token, String name) throws IOException {
        RawHttp.Response images = get("/image/v2/images", token);
        String image = json(images).path("images").get(0).path("id").asText();
        RawHttp.Response r = http.send(request("POST", "/compute/v2.1/servers", token,
                "{\"server\":{\"name\":\"" + name + "\",\"flavorRef\":\"1\",\"imageRef\":\"" + image + "\"}}"));
        assertEquals(202, r.status(), r.text());
        return json(r).path("server").path("id").asText();
    }

    private static void awaitActive(String token, String id) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if ("ACTIVE".equals(json(get("/compute/v2.1/servers/" + id, token)).path("server").path("status").asText())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fixture server " + id + " did not become ACTIVE");
    }

    private static RawHttp.Response get(String path, String token) throws IOException {
        return http.send(request("GET", path, token, ""));
    }

    private static byte[] request(String method, String path, String token, String body) {
        return RawHttp.json(method, path, token, body);
    }

    private static JsonNode json(RawHttp.Response r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    private static List<String> first(List<String> problems) {
        return problems.size() > 15 ? problems.subList(0, 15) : problems;
    }

    private static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
