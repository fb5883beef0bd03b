package io.openvcluster.server.kube;

import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.compute.ComputeService;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.sandbox.ApiFaults;
import io.openvcluster.server.sandbox.ApiFaults.Fault;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.sandbox.SandboxSettings;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.translator.DefaultCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
class ApiFaultRecoveryTest {
    static final String PREVIOUS = DefaultCatalog.images().get(1).id();
    static final String NEWEST = DefaultCatalog.images().get(0).id();

    private SandboxCluster sandbox;
    private Backend backend;
    private FaultCycle cycle;

    @BeforeEach
    void start() {
        sandbox = SandboxCluster.start(SandboxSettings.defaults().withSimulatorDelay(Duration.ofMillis(150)),
                Long.getLong("ovc.faults.seed", 2026));
        backend = Backend.start(sandbox.client(), Fixtures.settings());
        cycle = FaultCycle.start(sandbox.faults(), ApiFaults.Plan.everything(), Duration.ofMillis(2000),
                Duration.ofMillis(1500));
    }

    @AfterEach
    void stop() {
        cycle.close();
        backend.close();
        sandbox.close();
    }

    @Test
    void everyVerbCompletesOrFailsClearlyAndNothingIsOrphanedOrLost() throws Exception {
        ComputeService compute = backend.compute();
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
            assertTrue(sandbox.faults().injected(fault) > 0, fault + " never injected");
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
            assertEquals(chain.state(), compute.getServer(owner, chain.serverId()).vmState());
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

    /** Sends verbs as a client does under faults, and judges each one's outcome. */
    static final class VerbDriver {
        private final ComputeService compute;
        private final FaultCycle cycle;
        private final java.util.function.Function<String, String> diagnose;

        VerbDriver(ComputeService compute, FaultCycle cycle, java.util.function.Function<String, String> diagnose) {
            this.compute = compute;
            this.cycle = cycle;
            this.diagnose = diagnose;
        }

        /** One verb: sent with the caller's new request id; answers its target vm_state (empty: the server is gone). */
        interface Step {
            String name();

            Optional<String> send(ComputeService compute, Caller caller, Chain chain);
        }

        /** @param state the vm_state the last accepted verb asked for ({@code error} when one ended so) */
        record Chain(String serverId, boolean deleted, String state, List<String> outcomes) {
        }

        static Step create(String name, String image) {
            return new Step() {
                public String name() {
                    return "create " + name;
                }

                public Optional<String> send(ComputeService compute, Caller caller, Chain chain) {
                    return Optional.of(compute.createServer(caller, Fixtures.create(name, Fixtures.FLAVOR, image, 1))
                            .servers().get(0).id());
                }
            };
        }

        static Step action(ServerAction action, String target) {
            return new Step() {
                public String name() {
                    return action.name();
                }

                public Optional<String> send(ComputeService compute, Caller caller, Chain chain) {
                    compute.performAction(caller, chain.serverId(), action);
                    return Optional.of(target);
                }
            };
        }

        static Step createImage() {
            return new Step() {
                public String name() {
                    return "createImage";
                }

                public Optional<String> send(ComputeService compute, Caller caller, Chain chain) {
                    compute.createImage(caller, chain.serverId(), new ServerAction.CreateImage("snap", Map.of()));
                    return Optional.of("active");
                }
            };
        }

        static Step rebuild(String image) {
            return new Step() {
                public String name() {
                    return "rebuild";
                }

                public Optional<String> send(ComputeService compute, Caller caller, Chain chain) {
                    compute.rebuildServer(caller, chain.serverId(), new ServerAction.Rebuild(image, Optional.empty(),
                            Optional.empty(), Optional.empty(), Optional.empty()));
                    return Optional.of("active");
                }
            };
        }

        static Step delete() {
            return new Step() {
                public String name() {
                    return "delete";
                }

                public Optional<String> send(ComputeService compute, Caller caller, Chain chain) {
                    compute.deleteServer(caller, chain.serverId());
                    return Optional.empty();
                }
            };
        }

        /** Runs the steps in order on one server; stops early when a verb ends in ERROR. */
        Chain run(Caller owner, List<Step> steps) {
            Chain chain = new Chain("", false, "", Collections.synchronizedList(new ArrayList<>()));
            for (Step step : steps) {
                Caller caller = again(owner);
                cycle.awaitOn();
                Optional<String> target = sendUntilAccepted(step, caller, chain, owner);
                if (chain.serverId().isEmpty()) {
                    chain = new Chain(target.orElseThrow(), false, "", chain.outcomes());
                    target = Optional.of("active");
                }
                String id = chain.serverId();
                if (target.isEmpty()) {
                    explained(id, "delete of " + id, () -> gone(owner, id));
                    chain.outcomes().add("completed " + step.name());
                    return new Chain(id, true, "", chain.outcomes());
                }
                String wanted = target.get();
                explained(id, step.name() + " of " + id + " to " + wanted, () -> {
                    ServerData s = compute.getServer(owner, id);
                    return s.vmState().equals("error") || s.vmState().equals(wanted) && s.taskState().isEmpty();
                });
                ServerData s = compute.getServer(owner, id);
                InstanceActionData action = compute.getInstanceAction(owner, id, caller.requestId());
                if (s.vmState().equals("error")) {
                    assertTrue(s.fault().isPresent(), "ERROR without a fault after " + step.name());
                    chain.outcomes().add("error with fault " + s.fault().get().message());
                    return new Chain(id, false, "error", chain.outcomes());
                }
                Eventually.await(step.name() + " action finished", () -> compute.getInstanceAction(owner, id,
                        caller.requestId()).events().stream().allMatch(e -> e.result().isPresent()));
                action = compute.getInstanceAction(owner, id, caller.requestId());
                assertTrue(action.events().stream().allMatch(e -> e.result().equals(Optional.of("Success"))),
                        step.name() + ": " + action.events());
                chain.outcomes().add("completed " + step.name());
                chain = new Chain(id, false, wanted, chain.outcomes());
            }
            return chain;
        }

        /** A refusal (409, 503) records nothing: the client sends the verb again, as a user or tool would. */
        private Optional<String> sendUntilAccepted(Step step, Caller caller, Chain chain, Caller owner) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return step.send(compute, caller, chain);
                } catch (ApiException e) {
                    if (e.status() != 409 && e.status() != 503 || attempt == 40) {
                        fail(step.name() + " refused with " + e.status() + ": " + e.getMessage(), e);
                    }
                    assertTrue(!e.getMessage().isBlank());
                    sleep(Duration.ofMillis(250));
                }
            }
        }

        /** Awaits {@code condition}; on a timeout, says where the server and its host objects stand. */
        private void explained(String id, String what, java.util.function.BooleanSupplier condition) {
            try {
                Eventually.await(what, condition);
            } catch (AssertionError e) {
                String state;
                try {
                    state = diagnose.apply(id);
                } catch (RuntimeException failed) {
                    state = "(cannot read: " + failed.getMessage() + ")";
                }
                throw new AssertionError(e.getMessage() + "; " + state, e);
            }
        }

        private boolean gone(Caller owner, String id) {
            try {
                compute.getServer(owner, id);
                return false;
            } catch (ApiException e) {
                return e.status() == 404;
            }
        }
    }

    /** Faults on, then off, in turns, until closed (then off). */
    static final class FaultCycle implements AutoCloseable {
        private final ApiFaults faults;
        private final Thread thread;
        private volatile boolean running = true;

        private FaultCycle(ApiFaults faults, ApiFaults.Plan plan, Duration on, Duration off) {
            this.faults = faults;
            this.thread = new Thread(() -> {
                while (running) {
                    faults.switchOn(plan);
                    sleep(on);
                    faults.switchOff();
                    sleep(off);
                }
            }, "ovc-fault-cycle");
            thread.setDaemon(true);
        }

        static FaultCycle start(ApiFaults faults, ApiFaults.Plan plan, Duration on, Duration off) {
            FaultCycle cycle = new FaultCycle(faults, plan, on, off);
            cycle.thread.start();
            return cycle;
        }

        void awaitOn() {
            Eventually.await("faults on", () -> !running || faults.on());
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            faults.switchOff();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
