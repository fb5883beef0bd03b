package io.openvcluster.server.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.records.CrdResources;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's indexed store must answer exactly as fabric8's own CRUD mock does: the same seeded sequence of
 * creates, label-selected lists (namespaced and cluster-wide), gets, updates with stale resourceVersions, deletes by
 * label and status writes of our custom resources is run against both, and every answer is compared.
 */
class ScopedCrudDispatcherIT {

    @Test
    void theStoreIsInstalled() {
        assertTrue(new ScopedCrudDispatcher().indexed(), "the indexed store replaces fabric8's map");
    }

    @Test
    void answersAsFabric8sOwnCrudMockDoes() throws Exception {
        List<String> plain = run(new KubernetesCrudDispatcher(List.of()));
        List<String> scoped = run(new ScopedCrudDispatcher());
        assertTrue(plain.size() > 400, "the script exercised the store: " + plain.size() + " answers");
        assertTrue(plain.contains("error 409"), "stale updates and duplicate creates were refused");
        assertTrue(plain.stream().anyMatch(a -> a.startsWith("[ns-a/") && a.contains("ns-b/")),
                "a cluster-wide list returned objects of several namespaces");
        for (int i = 0; i < plain.size(); i++) {
            assertEquals(plain.get(i), scoped.get(i), "answer " + i + " differs");
        }
        assertEquals(plain.size(), scoped.size());
    }

    /**
     * The name level of the index: in one namespace of 1,500 objects (as the records namespace holds every server),
     * gets, replaces (current and stale), patches, deletes and creates by name, duplicate creates, label- and
     * field-selected lists, and watches opened on a full namespace and on one name answer as fabric8's mock does.
     */
    @Test
    void answersAsFabric8sOwnCrudMockDoesInABigNamespace() throws Exception {
        List<String> plain = runBigNamespace(new KubernetesCrudDispatcher(List.of()));
        List<String> scoped = runBigNamespace(new ScopedCrudDispatcher());
        assertTrue(plain.contains("error 409"), "stale updates and duplicate creates were refused");
        assertTrue(plain.contains("absent"), "gets of deleted names found nothing");
        assertTrue(plain.stream().anyMatch(a -> a.startsWith("watch ns [ADDED big/cm1, ADDED big/cm10,")),
                "a watch opened late was sent what already existed");
        assertTrue(plain.contains("watch name [ADDED big/cm1499]"), "a watch of one name was sent that object");
        for (int i = 0; i < plain.size(); i++) {
            assertEquals(plain.get(i), scoped.get(i), "answer " + i + " differs");
        }
        assertEquals(plain.size(), scoped.size());
    }

    @Test
    void watchesSeeEventsOfEveryNamespace() throws Exception {
        KubernetesMockServer server = start(new ScopedCrudDispatcher());
        try (KubernetesClient client = client(server)) {
            List<String> seen = new CopyOnWriteArrayList<>();
            var watch = client.configMaps().inAnyNamespace().withLabel("app", "w").watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, ConfigMap resource) {
                    seen.add(action + " " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName());
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });
            for (String ns : List.of("w1", "w2")) {
                client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
                client.resource(configMap(ns, "cm", "w")).create();
            }
            client.configMaps().inNamespace("w2").withName("cm").delete();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            watch.close();
            assertEquals(List.of("ADDED w1/cm", "ADDED w2/cm", "DELETED w2/cm"), seen);
        } finally {
            server.destroy();
        }
    }

    /**
     * A deliberate difference from fabric8's mock, which sends a new watch every matching object again: a watch
     * that starts from a resourceVersion (as an informer's does after its list) is sent only what was written after
     * it, as a Kubernetes API server does. Events arrive in order on one socket, so anything replayed at the open
     * would come before the last create's event.
     */
    @Test
    void aWatchFromAResourceVersionIsSentOnlyWhatChangedAfterIt() throws Exception {
        KubernetesMockServer server = start(new ScopedCrudDispatcher());
        try (KubernetesClient client = client(server)) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName("rv").endMetadata().build()).create();
            for (String name : List.of("a", "b", "c")) {
                client.resource(configMap("rv", name, "w")).create();
            }
            String listed = client.configMaps().inNamespace("rv").list().getMetadata().getResourceVersion();
            ConfigMap b = client.configMaps().inNamespace("rv").withName("b").get();
            b.setData(Map.of("k", "changed"));
            client.resource(b).update();
            client.resource(configMap("rv", "d", "w")).create();
            List<String> seen = new CopyOnWriteArrayList<>();
            var watch = client.configMaps().inNamespace("rv").watch(
                    new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withResourceVersion(listed).build(),
                    new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, ConfigMap resource) {
                            seen.add(action + " " + resource.getMetadata().getName());
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                        }
                    });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            client.resource(configMap("rv", "e", "w")).create();
            while (!seen.contains("ADDED e") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            watch.close();
            assertEquals(List.of("ADDED b", "ADDED d", "ADDED e"), seen.stream().sorted().toList());
        } finally {
            server.destroy();
        }
    }

    /** A seeded script of API calls; each call's answer is reduced to a comparable line. */
    private static List<String> run(Dispatcher dispatcher) throws Exception {
        KubernetesMockServer server = start(dispatcher);
        List<String> answers = new ArrayList<>();
        try (KubernetesClient client = client(server)) {
            for (CustomResourceDefinition crd : CrdResources.load(client)) {
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
            Random random = new Random(42);
            List<String> namespaces = List.of("ns-a", "ns-b", "ns-c", "ns-d");
            for (String ns : namespaces) {
                answers.add(call(() -> names(List.of(client.resource(new NamespaceBuilder().withNewMetadata()
                        .withName(ns).endMetadata().build()).create()))));
            }
            for (int i = 0; i < 400; i++) {
                String ns = namespaces.get(random.nextInt(namespaces.size()));
                String app = "app" + random.nextInt(3);
                String name = "cm" + random.nextInt(40);
                switch (random.nextInt(6)) {
                    case 0, 1 -> answers.add(call(() -> names(List.of(client.resource(configMap(ns, name, app)).create()))));
                    case 2 -> answers.add(call(() -> names(client.configMaps().inNamespace(ns).withLabel("app", app).list().getItems())));
                    case 3 -> answers.add(call(() -> names(client.configMaps().inAnyNamespace().withLabel("app", app).list().getItems())));
                    case 4 -> answers.add(call(() -> String.valueOf(client.configMaps().inNamespace(ns).withLabel("app", app).delete().size())));
                    default -> answers.add(call(() -> {
                        ConfigMap current = client.configMaps().inNamespace(ns).withName(name).get();
                        if (current == null) {
                            return "absent";
                        }
                        current.getMetadata().setResourceVersion("1"); // stale: the API must refuse it
                        return names(List.of(client.resource(current).update()));
                    }));
                }
            }
            answers.add(call(() -> names(client.configMaps().inAnyNamespace().list().getItems())));
            answers.add(call(() -> names(client.namespaces().list().getItems())));
            client.resource(new NamespaceBuilder().withNewMetadata().withName("ovc-test").endMetadata().build()).create();
            ServerRecord record = new ServerRecord();
            record.getMetadata().setName("0f6c1f4e-aaaa-bbbb-cccc-000000000001");
            record.getMetadata().setNamespace("ovc-test");
            record.setSpec(new ServerSpec());
            record.getSpec().setName("vm1");
            record.setStatus(new ServerStatus());
            answers.add(call(() -> names(List.of(client.resource(record).create()))));
            answers.add(call(() -> {
                ServerRecord current = client.resources(ServerRecord.class).inNamespace("ovc-test")
                        .withName(record.getMetadata().getName()).get();
                current.getStatus().setVmState("active");
                return client.resource(current).updateStatus().getStatus().getVmState();
            }));
            answers.add(call(() -> client.resources(ServerRecord.class).inAnyNamespace().list().getItems().get(0)
                    .getStatus().getVmState()));
        } finally {
            server.destroy();
        }
        return answers;
    }

    private static List<String> runBigNamespace(Dispatcher dispatcher) throws Exception {
        KubernetesMockServer server = start(dispatcher);
        List<String> answers = new ArrayList<>();
        int size = 1500;
        try (KubernetesClient client = client(server)) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName("big").endMetadata().build()).create();
            client.resource(new NamespaceBuilder().withNewMetadata().withName("small").endMetadata().build()).create();
            for (int i = 0; i < size; i++) {
                client.resource(configMap("big", "cm" + i, "app" + (i % 3))).create();
            }
            // the same names in another namespace, which no request for "big" may see
            for (int i = 0; i < 20; i++) {
                client.resource(configMap("small", "cm" + i, "app0")).create();
            }
            Random random = new Random(7);
            for (int i = 0; i < 300; i++) {
                String name = "cm" + random.nextInt(size + 50);
                var resource = client.configMaps().inNamespace("big").withName(name);
                switch (random.nextInt(7)) {
                    case 0 -> answers.add(call(() -> {
                        ConfigMap current = resource.get();
                        return current == null ? "absent" : names(List.of(current)) + " " + current.getData();
                    }));
                    case 1 -> answers.add(call(() -> names(List.of(client.resource(configMap("big", name, "app9")).create()))));
                    case 2 -> answers.add(call(() -> String.valueOf(resource.delete().size())));
                    case 3 -> answers.add(call(() -> {
                        ConfigMap current = resource.get();
                        if (current == null) {
                            return "absent";
                        }
                        current.setData(Map.of("k", "replaced"));
                        current.getMetadata().getLabels().put("app", "app7");
                        return names(List.of(client.resource(current).update())) + " replaced";
                    }));
                    case 4 -> answers.add(call(() -> {
                        ConfigMap current = resource.get();
                        if (current == null) {
                            return "absent";
                        }
                        current.getMetadata().setResourceVersion("1"); // stale
                        return names(List.of(client.resource(current).update()));
                    }));
                    case 5 -> answers.add(call(() -> resource.edit(cm -> new ConfigMapBuilder(cm).addToData("p", "patched")
                            .build()).getData().toString()));
                    default -> answers.add(call(() -> names(client.configMaps().inNamespace("big")
                            .withField("metadata.name", name).list().getItems())));
                }
            }
            answers.add(call(() -> names(client.configMaps().inNamespace("big").withLabel("app", "app7").list().getItems())));
            answers.add(call(() -> String.valueOf(client.configMaps().inNamespace("big").list().getItems().size())));
            answers.add(watchOpenedNow(client.configMaps().inNamespace("big").withLabel("app", "app1"),
                    "watch ns", (int) client.configMaps().inNamespace("big").withLabel("app", "app1").list()
                            .getItems().size()));
            answers.add(watchOpenedNow(client.configMaps().inNamespace("big").withField("metadata.name", "cm1499"),
                    "watch name", 1));
        } finally {
            server.destroy();
        }
        return answers;
    }

    /** The events a watch opened now is sent for what already exists, once {@code expected} have come, sorted. */
    private static String watchOpenedNow(io.fabric8.kubernetes.client.dsl.Watchable<ConfigMap> target, String label,
                                         int expected) throws InterruptedException {
        List<String> seen = new CopyOnWriteArrayList<>();
        var watch = target.watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                seen.add(action + " " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        watch.close();
        return label + " " + seen.stream().sorted().toList();
    }

    private interface Call {
        String get() throws Exception;
    }

    private static String call(Call call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            return "error " + e.getCode();
        } catch (Exception e) {
            return "failure " + e.getClass().getSimpleName();
        }
    }

    private static String names(List<? extends HasMetadata> items) {
        Function<HasMetadata, String> id = o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
        return items.stream().map(id).sorted().toList().toString();
    }

    /**
     * Kubernetes' chunked lists, which fabric8's mock ignores: asked with a limit, a list of 1,201 objects comes in
     * pages of 500, 500 and 201, each naming the next by its continue token, together every object once; without a
     * limit it still comes whole. An informer that pages (as the facade's host informers do) holds all of them.
     */
    @Test
    void aListAskedWithALimitComesInPages() throws Exception {
        KubernetesMockServer server = start(new ScopedCrudDispatcher());
        try (KubernetesClient client = client(server)) {
            for (String ns : List.of("p1", "p2", "p3")) {
                client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
            }
            for (int i = 0; i < 1201; i++) {
                client.resource(configMap("p" + (1 + i % 3), "cm" + i, "paged")).create();
            }
            client.resource(configMap("p1", "other", "not-paged")).create();
            var selected = client.configMaps().inAnyNamespace().withLabel("app", "paged");
            assertEquals(1201, selected.list().getItems().size(), "without a limit, the whole list");

            List<Integer> sizes = new ArrayList<>();
            List<Long> remaining = new ArrayList<>();
            java.util.Set<String> names = new java.util.HashSet<>();
            String next = null;
            do {
                var page = selected.list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(500L)
                        .withContinue(next).build());
                sizes.add(page.getItems().size());
                remaining.add(page.getMetadata().getRemainingItemCount());
                page.getItems().forEach(cm -> names.add(cm.getMetadata().getNamespace() + "/" + cm.getMetadata()
                        .getName()));
                next = page.getMetadata().getContinue();
            } while (next != null && !next.isEmpty() && sizes.size() < 10);
            assertEquals(List.of(500, 500, 201), sizes);
            assertEquals(java.util.Arrays.asList(701L, 201L, null), remaining);
            assertEquals(1201, names.size(), "every object once");

            var informer = selected.withLimit(500L).inform();
            try {
                assertEquals(1201, informer.getStore().list().size(), "the paging informer holds every page");
            } finally {
                informer.close();
            }
        } finally {
            server.destroy();
        }
    }

    /** A continue token the server does not know (or no longer keeps) is 410 Gone, reason Expired: list again. */
    @Test
    void anUnknownContinueTokenIsGone() throws Exception {
        KubernetesMockServer server = start(new ScopedCrudDispatcher());
        try (KubernetesClient client = client(server)) {
            KubernetesClientException gone = org.junit.jupiter.api.Assertions.assertThrows(
                    KubernetesClientException.class, () -> client.configMaps().inNamespace("default").list(
                            new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(2L)
                                    .withContinue("not-a-token").build()));
            assertEquals(410, gone.getCode());
            assertEquals("Expired", gone.getStatus().getReason());
        } finally {
            server.destroy();
        }
    }

    private static ConfigMap configMap(String ns, String name, String app) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(Map.of("app", app))
                .endMetadata().withData(Map.of("k", name)).build();
    }

    private static KubernetesMockServer start(Dispatcher dispatcher) throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        return server;
    }

    private static KubernetesClient client(KubernetesMockServer server) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + server.getPort() + "/")
                .withNamespace("default").withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }
}
