package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ADMIN;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.BOB;
import static io.openvcluster.server.testing.Fixtures.FLAVOR;
import static io.openvcluster.server.testing.Fixtures.IMAGE;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The domain against the sandbox cluster: records, reconciler and simulated host, end to end. */
@SandboxBackendTest(simulatorDelayMillis = 200)
class DomainIT {
    private static KubernetesClient client;
    private static Domain compute;

    @Test
    void createIsReadableAtOnceThenBecomesActiveWithTheChartObjects() {
        CreatedServer created = compute.servers().createServer(ALICE, create("web one"));
        ServerData first = created.servers().get(0);
        // read-your-writes: the GET right after the POST sees the server, building
        ServerData justCreated = compute.servers().getServer(ALICE, first.id());
        assertEquals("building", justCreated.vmState());
        assertEquals(FLAVOR, justCreated.flavor().id());
        assertEquals(IMAGE, justCreated.imageId());

        ServerData active = awaitVmState(ALICE, first.id(), "active");
        assertEquals(1, active.powerState());
        assertEquals(Optional.empty(), active.taskState());
        assertTrue(active.launchedAt().isPresent());
        assertEquals(56, active.hostId().length());
        await("address", () -> !compute.servers().getServer(ALICE, first.id()).addresses().isEmpty());
        assertTrue(compute.servers().getServer(ALICE, first.id()).addresses().get("vcluster").get(0).addr().startsWith("10.96."));

        ServerRecord record = client.resources(ServerRecord.class).inNamespace("openvcluster-system")
                .withName(first.id()).get();
        String release = record.getSpec().getRelease();
        String ns = record.getSpec().getHostNamespace();
        assertEquals("vcluster-" + release, ns);
        assertTrue(release.startsWith("web-one-"), release);
        assertEquals("Success", record.getStatus().getActions().get(0).result());
        assertEquals("create", record.getStatus().getActions().get(0).action());

        Namespace namespace = client.namespaces().withName(ns).get();
        assertEquals(first.id(), namespace.getMetadata().getLabels().get(Records.LABEL_SERVER_ID));
        assertEquals("project-alpha", namespace.getMetadata().getLabels().get(Records.LABEL_PROJECT_ID));
        assertEquals("true", namespace.getMetadata().getLabels().get("vcluster.loft.sh/created"));
        StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName(release).get();
        assertEquals(Map.of("app", "vcluster", "release", release), sts.getSpec().getSelector().getMatchLabels());
        assertEquals(first.id(), sts.getMetadata().getLabels().get(Records.LABEL_SERVER_ID));
        assertNotNull(client.services().inNamespace(ns).withName(release).get());
        assertNotNull(client.services().inNamespace(ns).withName(release + "-headless").get());
        assertNotNull(client.secrets().inNamespace(ns).withName("vc-config-" + release).get());
        assertNotNull(client.secrets().inNamespace(ns).withName("vc-" + release).get());
        assertNotNull(client.resourceQuotas().inNamespace(ns).withName("vc-" + release).get());
        assertNotNull(client.limitRanges().inNamespace(ns).withName("vc-" + release).get());
        assertNotNull(client.rbac().roles().inNamespace(ns).withName("vc-" + release).get());
        assertNotNull(client.serviceAccounts().inNamespace(ns).withName("vc-workload-" + release).get());
    }

    @Test
    void deleteRemovesHostObjectsNamespaceAndRecord() {
        ServerData server = compute.servers().createServer(ALICE, create("doomed")).servers().get(0);
        awaitVmState(ALICE, server.id(), "active");
        ServerRecord record = client.resources(ServerRecord.class).inNamespace("openvcluster-system")
                .withName(server.id()).get();
        String ns = record.getSpec().getHostNamespace();

        compute.servers().deleteServer(ALICE, server.id());
        compute.servers().deleteServer(ALICE, server.id()); // idempotent
        await("GET 404", () -> notFound(() -> compute.servers().getServer(ALICE, server.id())));
        assertNull(client.namespaces().withName(ns).get());
        assertNull(client.resources(ServerRecord.class).inNamespace("openvcluster-system").withName(server.id()).get());
        await("host objects gone", () -> client.apps().statefulSets().inNamespace(ns).list().getItems().isEmpty()
                && client.secrets().inNamespace(ns).list().getItems().isEmpty()
                && client.persistentVolumeClaims().inNamespace(ns).list().getItems().isEmpty()
                && client.pods().inNamespace(ns).list().getItems().isEmpty());
        assertTrue(notFound(() -> compute.servers().deleteServer(ALICE, server.id())));
    }

    @Test
    void anotherProjectsServerIsNotFoundAndNotListed() {
        ServerData server = compute.servers().createServer(ALICE, create("private")).servers().get(0);
        ApiException e = assertThrows(ApiException.class, () -> compute.servers().getServer(BOB, server.id()));
        assertEquals(404, e.status());
        assertEquals("Instance " + server.id() + " could not be found.", e.getMessage());
        assertTrue(compute.servers().listServers(BOB, ServerQuery.all()).servers().stream().noneMatch(s -> s.id().equals(server.id())));
        assertEquals(404, assertThrows(ApiException.class,
                () -> compute.attributes().setMetadata(BOB, server.id(), Map.of("a", "b"), false)).status());
        // an admin sees it by id, and in lists only with all_projects
        assertEquals(server.id(), compute.servers().getServer(ADMIN, server.id()).id());
        assertTrue(compute.servers().listServers(ADMIN, ServerQuery.all()).servers().stream().noneMatch(s -> s.id().equals(server.id())));
        assertTrue(compute.servers().listServers(ADMIN, allProjects()).servers().stream().anyMatch(s -> s.id().equals(server.id())));
    }

    @Test
    void instanceQuotaIsEnforcedPerProject() {
        Caller carol = Fixtures.caller("user-carol", "project-quota", "member");
        CreatedServer ten = compute.servers().createServer(carol, create("fleet", FLAVOR, IMAGE, 10));
        assertEquals(10, ten.servers().size());
        assertEquals(List.of("fleet-1", "fleet-10"), List.of(ten.servers().get(0).name(), ten.servers().get(9).name()));
        ApiException e = assertThrows(ApiException.class, () -> compute.servers().createServer(carol, create("one more")));
        assertEquals(403, e.status());
        assertEquals("Quota exceeded for instances: Requested 1, but already used 10 of 10 instances", e.getMessage());
    }

    @Test
    void unknownFlavorOrImageIsABadRequest() {
        ApiException flavor = assertThrows(ApiException.class,
                () -> compute.servers().createServer(ALICE, create("x", "no-such-flavor", IMAGE, 1)));
        assertEquals(400, flavor.status());
        assertEquals("Flavor no-such-flavor could not be found.", flavor.getMessage());
        ApiException image = assertThrows(ApiException.class,
                () -> compute.servers().createServer(ALICE, create("x", FLAVOR, "3d1f0c0e-0000-4000-8000-000000000000", 1)));
        assertEquals(400, image.status());
        assertEquals("Image 3d1f0c0e-0000-4000-8000-000000000000 could not be found.", image.getMessage());
        // a flavor given by URL, as some clients send it, resolves
        ServerData byUrl = compute.servers().createServer(ALICE, create("by-url", "http://127.0.0.1/v2.1/flavors/2", IMAGE, 1))
                .servers().get(0);
        assertEquals("2", byUrl.flavor().id());
    }

    @Test
    void racingUpdatesNeverLoseAWrite() throws Exception {
        Caller dave = Fixtures.caller("user-dave", "project-race", "member");
        ServerData server = compute.servers().createServer(dave, create("contended")).servers().get(0);
        Set<String> written = ConcurrentHashMap.newKeySet();
        List<Integer> refusals = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String key = "k" + i;
                futures.add(pool.submit(() -> {
                    try {
                        compute.attributes().setMetadata(dave, server.id(), Map.of(key, "v"), false);
                        written.add(key);
                    } catch (ApiException e) {
                        synchronized (refusals) {
                            refusals.add(e.status());
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertFalse(written.isEmpty());
        assertTrue(refusals.stream().allMatch(s -> s == 409), refusals.toString());
        assertEquals(8, written.size() + refusals.size());
        // Every write that was acknowledged is in the record: none overwrote another.
        await("metadata visible", () -> compute.attributes().getMetadata(dave, server.id()).keySet().containsAll(written));
        assertEquals(written, client.resources(ServerRecord.class).inNamespace("openvcluster-system")
                .withName(server.id()).get().getSpec().getMetadata().keySet());
    }

    @Test
    void listFiltersSortsAndPages() {
        Caller erin = Fixtures.caller("user-erin", "project-list", "member");
        List<String> ids = new ArrayList<>();
        for (String name : List.of("alpha", "beta", "gamma")) {
            ids.add(compute.servers().createServer(erin, create(name)).servers().get(0).id());
        }
        List<ServerData> all = compute.servers().listServers(erin, ServerQuery.all()).servers();
        assertEquals(3, all.size());
        assertEquals("gamma", all.get(0).name()); // newest first

        ServerPage first = compute.servers().listServers(erin, page(2, Optional.empty()));
        assertEquals(2, first.servers().size());
        assertEquals(Optional.of(first.servers().get(1).id()), first.nextMarker());
        ServerPage second = compute.servers().listServers(erin, page(2, first.nextMarker()));
        assertEquals(1, second.servers().size());
        assertEquals(Optional.empty(), second.nextMarker());
        assertEquals(Set.copyOf(ids), Set.of(first.servers().get(0).id(), first.servers().get(1).id(),
                second.servers().get(0).id()));
        ApiException badMarker = assertThrows(ApiException.class,
                () -> compute.servers().listServers(erin, page(2, Optional.of("nope"))));
        assertEquals(400, badMarker.status());
        assertEquals("marker [nope] not found", badMarker.getMessage());

        ServerQuery byName = new ServerQuery(false, Optional.empty(), Optional.of(Pattern.compile("^(al|ga)")),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), List.of(), List.of(), Optional.empty(), Optional.empty(),
                List.of(new ServerQuery.SortKey("display_name", true)));
        assertEquals(List.of("alpha", "gamma"), compute.servers().listServers(erin, byName).servers().stream().map(ServerData::name).toList());

        ids.forEach(id -> awaitVmState(erin, id, "active"));
        compute.attributes().addTag(erin, ids.get(0), "blue");
        compute.attributes().replaceTags(erin, ids.get(1), List.of("blue", "red"));
        assertEquals(List.of(ids.get(1)), names(compute.servers().listServers(erin, tags(List.of("blue", "red"), List.of(), List.of()))));
        assertEquals(Set.of(ids.get(0), ids.get(1)),
                Set.copyOf(names(compute.servers().listServers(erin, tags(List.of(), List.of("red", "blue"), List.of())))));
        assertEquals(Set.of(ids.get(0), ids.get(2)),
                Set.copyOf(names(compute.servers().listServers(erin, tags(List.of(), List.of(), List.of("red"))))));
        assertEquals(3, compute.servers().listServers(erin, status("ACTIVE")).servers().size());
        assertEquals(0, compute.servers().listServers(erin, status("BUILD")).servers().size());
    }

    @Test
    void metadataAndTagRules() {
        ServerData server = compute.servers().createServer(ALICE, create("meta")).servers().get(0);
        ApiException building = assertThrows(ApiException.class, () -> compute.attributes().addTag(ALICE, server.id(), "t"));
        assertEquals(409, building.status());
        awaitVmState(ALICE, server.id(), "active");
        assertTrue(compute.attributes().addTag(ALICE, server.id(), "t"));
        assertFalse(compute.attributes().addTag(ALICE, server.id(), "t"));
        assertTrue(compute.attributes().hasTag(ALICE, server.id(), "t"));
        assertEquals(404, assertThrows(ApiException.class, () -> compute.attributes().deleteTag(ALICE, server.id(), "nope")).status());
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add("tag" + i);
        }
        assertEquals(400, assertThrows(ApiException.class, () -> compute.attributes().replaceTags(ALICE, server.id(), tooMany)).status());

        assertEquals(Map.of("a", "1", "b", "2"), compute.attributes().setMetadata(ALICE, server.id(), Map.of("a", "1", "b", "2"), false));
        assertEquals(Map.of("c", "3"), compute.attributes().setMetadata(ALICE, server.id(), Map.of("c", "3"), true));
        assertEquals("3", compute.attributes().getMetadataItem(ALICE, server.id(), "c"));
        compute.attributes().deleteMetadataItem(ALICE, server.id(), "c");
        assertEquals(404, assertThrows(ApiException.class, () -> compute.attributes().getMetadataItem(ALICE, server.id(), "c")).status());
        Map<String, String> huge = new java.util.HashMap<>();
        for (int i = 0; i < 129; i++) {
            huge.put("k" + i, "v");
        }
        ApiException quota = assertThrows(ApiException.class, () -> compute.attributes().setMetadata(ALICE, server.id(), huge, true));
        assertEquals(403, quota.status());
        assertTrue(quota.getMessage().startsWith("Quota exceeded for metadata_items"), quota.getMessage());

        ServerData renamed = compute.servers().updateServer(ALICE, server.id(), new UpdateServerRequest(Optional.of("renamed"),
                Optional.of(Optional.of("a description")), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()));
        assertEquals("renamed", renamed.name());
        assertEquals(Optional.of("a description"), compute.servers().getServer(ALICE, server.id()).description());
    }

    @Test
    void flavorsAreAdminManagedAndImagesListed() {
        assertEquals(5, compute.catalog().listFlavors(ALICE, Optional.empty()).size());
        assertEquals(404, assertThrows(ApiException.class, () -> compute.catalog().getFlavor(ALICE, "nope")).status());
        FlavorData custom = new FlavorData("custom-1", "vc.custom", 2, 2048, 10, 0, 0, 1.0, false, false,
                Optional.empty(), Map.of());
        ApiException forbidden = assertThrows(ApiException.class, () -> compute.catalog().createFlavor(ALICE, custom));
        assertEquals(403, forbidden.status());
        assertEquals("Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.", forbidden.getMessage());
        assertEquals("custom-1", compute.catalog().createFlavor(ADMIN, custom).id());
        assertEquals(409, assertThrows(ApiException.class, () -> compute.catalog().createFlavor(ADMIN, custom)).status());
        // private: admins see it, others do not
        assertEquals(404, assertThrows(ApiException.class, () -> compute.catalog().getFlavor(ALICE, "custom-1")).status());
        assertTrue(compute.catalog().listFlavors(ADMIN, Optional.empty()).stream().anyMatch(f -> f.id().equals("custom-1")));
        // the paged list: filtered by the domain on what the caller may see
        FlavorQuery bigOnes = new FlavorQuery(Optional.empty(), Optional.of(2048), Optional.empty(), "memory_mb",
                "desc", Optional.of(2), Optional.empty());
        FlavorPage admins = compute.catalog().listFlavors(ADMIN, bigOnes);
        assertEquals(List.of("5", "4"), admins.flavors().stream().map(FlavorData::id).toList());
        assertEquals(Optional.of("4"), admins.nextMarker());
        FlavorPage rest = compute.catalog().listFlavors(ALICE, new FlavorQuery(Optional.empty(), Optional.of(2048),
                Optional.empty(), "memory_mb", "desc", Optional.of(2), admins.nextMarker()));
        assertEquals(List.of("3", "2"), rest.flavors().stream().map(FlavorData::id).toList());
        compute.catalog().deleteFlavor(ADMIN, "custom-1");
        assertEquals(404, assertThrows(ApiException.class, () -> compute.catalog().getFlavor(ADMIN, "custom-1")).status());

        assertEquals(4, compute.catalog().listImages(ALICE).size());
        assertEquals("active", compute.catalog().getImage(ALICE, IMAGE).status());
        assertEquals(404, assertThrows(ApiException.class, () -> compute.catalog().getImage(ALICE, "nope")).status());
    }

    static ServerData awaitVmState(Caller caller, String id, String vmState) {
        await(id + " " + vmState, () -> vmState.equals(compute.servers().getServer(caller, id).vmState()));
        return compute.servers().getServer(caller, id);
    }

    private static boolean notFound(Runnable call) {
        try {
            call.run();
            return false;
        } catch (ApiException e) {
            return e.status() == 404;
        }
    }

    private static List<String> names(ServerPage page) {
        return page.servers().stream().map(ServerData::id).toList();
    }

    private static ServerQuery allProjects() {
        return new ServerQuery(true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(),
                Optional.empty(), Optional.empty(), List.of());
    }

    private static ServerQuery page(int limit, Optional<String> marker) {
        return new ServerQuery(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(),
                Optional.of(limit), marker, List.of());
    }

    private static ServerQuery status(String status) {
        return new ServerQuery(false, Optional.empty(), Optional.empty(), Optional.of(status), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(),
                Optional.empty(), Optional.empty(), List.of());
    }

    private static ServerQuery tags(List<String> tags, List<String> tagsAny, List<String> notTags) {
        return new ServerQuery(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), tags, tagsAny, notTags,
                Optional.empty(), Optional.empty(), List.of());
    }
}
