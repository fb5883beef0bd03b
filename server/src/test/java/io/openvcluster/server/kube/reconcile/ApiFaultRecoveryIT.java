package io.openvcluster.server.kube.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.sandbox.ApiFaults.Fault;
import io.openvcluster.server.sandbox.ApiFaults;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.TestSandbox;
import io.openvcluster.translator.DefaultCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every verb under Kubernetes API faults (500s, 409 storms, slow responses, dropped and expired watches), switched on
 * and off in turns, each verb sent while they are on: the verb is refused with a clear 409/503 (then nothing was
 * recorded, and it is sent again), or accepted and then completes, or ends in ERROR with a fault. Afterwards nothing
 * is orphaned on the host and no record is lost. The fault schedule is seeded ({@code -Dovc.faults.seed}).
 */
class ApiFaultRecoveryIT {
    static final String PREVIOUS = DefaultCatalog.images().get(1).id();
    static final String NEWEST = DefaultCatalog.images().get(0).id();

    private TestSandbox sandbox;
    private FaultCycle cycle;

    @BeforeEach
    void start() {
        sandbox = TestSandbox.builder().simulatorDelay(Duration.ofMillis(150))
                .faultSeed(Long.getLong("ovc.faults.seed", 2026)).startWithBackend();
        cycle = FaultCycle.start(sandbox.cluster().faults(), ApiFaults.Plan.everything(), Duration.ofMillis(2000),
                Duration.ofMillis(1500));
    }

    @AfterEach
    void stop() {
        cycle.close();
        sandbox.close();
    }

    @Test
    void everyVerbCompletesOrFailsClearlyAndNothingIsOrphanedOrLost() throws Exception {
        Domain compute = sandbox.backend().domain();
        KubernetesClient probe = sandbox.client();
        VerbDriver driver = new VerbDriver(compute, cycle, id -> describe(probe, id));
        List<List<VerbDriver.Step>> chains = List.of(
                List.of(VerbDriver.create("power", Fixtures.IMAGE), VerbDriver.action(new ServerAction.Stop(), "stopped"),
                        VerbDriver.action(new ServerAction.Start(), "active"),
                        VerbDriver.action(new ServerAction.Pause(), "paused"),
                        VerbDriver.action(new ServerAction.Unpause(), "active"),
                        VerbDriver.action(new ServerAction.Reboot(false), "active"), VerbDriver.delete()),
                List.of(VerbDriver.create("resize", Fixtures.IMAGE),
                        VerbDriver.action(new ServerAction.Resize("2"), "resized"),
                        VerbDriver.action(new ServerAction.ConfirmResize(), "active"),
                        VerbDriver.action(new ServerAction.Resize("3"), "resized"),
                        VerbDriver.action(new ServerAction.RevertResize(), "active"), VerbDriver.delete()),
                List.of(VerbDriver.create("images", PREVIOUS), VerbDriver.createImage(),
                        VerbDriver.rebuild(NEWEST), VerbDriver.delete()),
                List.of(VerbDriver.create("kept", Fixtures.IMAGE), VerbDriver.action(new ServerAction.Stop(), "stopped")));
        ExecutorService pool = Executors.newFixedThreadPool(chains.size());
        List<Future<VerbDriver.Chain>> running = new ArrayList<>();
        Caller owner = Fixtures.caller("user-faults", "project-faults", "member");
        for (List<VerbDriver.Step> chain : chains) {
            running.add(pool.submit(() -> driver.run(owner, chain)));
        }
        List<VerbDriver.Chain> results = new ArrayList<>();
        for (Future<VerbDriver.Chain> chain : running) {
            results.add(chain.get());
        }
        pool.shutdown();
        cycle.close();

        // the faults did strike, each kind
        for (Fault fault : Fault.values()) {
            assertTrue(sandbox.cluster().faults().injected(fault) > 0, fault + " never injected");
        }
        List<String> outcomes = results.stream().flatMap(c -> c.outcomes().stream()).toList();
        assertTrue(outcomes.stream().allMatch(o -> o.startsWith("completed") || o.startsWith("error with fault")),
                outcomes.toString());

        KubernetesClient admin = sandbox.client();
        List<VerbDriver.Chain> keptChains = results.stream().filter(c -> !c.deleted()).toList();
        Set<String> kept = keptChains.stream().map(VerbDriver.Chain::serverId).collect(Collectors.toSet());
        Set<String> deleted = results.stream().filter(VerbDriver.Chain::deleted).map(VerbDriver.Chain::serverId)
                .collect(Collectors.toSet());
        Eventually.await("deleted servers leave nothing", () -> deleted.stream().allMatch(id ->
                record(admin, id).isEmpty() && namespacesOf(admin, id).isEmpty()));
        // no record lost: the servers still wanted are there, at their last verb's state
        for (VerbDriver.Chain chain : keptChains) {
            assertTrue(record(admin, chain.serverId()).isPresent(), chain.serverId() + " lost");
            assertEquals(chain.state(), compute.servers().getServer(owner, chain.serverId()).vmState());
        }
        // a chain that ended in ERROR stops early; every other ran all its verbs
        for (int i = 0; i < chains.size(); i++) {
            if (!results.get(i).state().equals("error")) {
                assertEquals(chains.get(i).size(), results.get(i).outcomes().size(), results.get(i).outcomes().toString());
            }
        }
        // nothing orphaned: every host namespace of ours belongs to a live record
        for (Namespace ns : admin.namespaces().withLabel(Records.LABEL_SERVER_ID).list().getItems()) {
            String owner1 = ns.getMetadata().getLabels().get(Records.LABEL_SERVER_ID);
            assertTrue(kept.contains(owner1), "orphaned namespace " + ns.getMetadata().getName());
        }
    }

    /** The record and the host objects of a server, as the API has them (for a failure's message). */
    static String describe(KubernetesClient client, String id) {
        return record(client, id).map(r -> "record deleteRequested=" + r.getSpec().isDeleteRequested() + " status="
                + (r.getStatus() == null ? "none" : r.getStatus().getVmState() + "/" + r.getStatus().getTaskState()
                + " fault=" + r.getStatus().getFault() + " actions=" + r.getStatus().getActions().stream().limit(2)
                .toList() + " restart=" + r.getStatus().getRestart())
                + " spec.action=" + r.getSpec().getAction() + " power=" + r.getSpec().getPowerIntent()
                + "; pods " + client.pods().inNamespace(r.getSpec().getHostNamespace()).list().getItems().stream()
                .map(p -> p.getMetadata().getName() + "/" + p.getMetadata().getUid()).toList()
                + "; sts " + client.apps().statefulSets().inNamespace(r.getSpec().getHostNamespace()).list().getItems()
                .stream().map(st -> st.getMetadata().getName() + " replicas=" + st.getSpec().getReplicas() + " ready="
                        + st.getStatus().getReadyReplicas() + " annotations=" + st.getMetadata().getAnnotations())
                .toList()).orElse("no record") + "; namespaces " + namespacesOf(client, id).size();
    }

    static Optional<ServerRecord> record(KubernetesClient client, String id) {
        return Optional.ofNullable(client.resources(ServerRecord.class).inNamespace(BackendSettings.DEFAULT_NAMESPACE)
                .withName(id).get());
    }

    static List<Namespace> namespacesOf(KubernetesClient client, String id) {
        return client.namespaces().withLabel(Records.LABEL_SERVER_ID, id).list().getItems();
    }
}
