package io.openvcluster.server.kube.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.sandbox.ApiFaults.Fault;
import io.openvcluster.server.sandbox.ApiFaults;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.TestSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The long soak, opt-in ({@code -Dovc.soak.minutes=N}, off in CI): for N minutes, faults of every kind switched on and
 * off at random while many servers ({@code -Dovc.soak.servers}, default 8) each run random valid verbs one after the
 * other (power verbs, reboot, resize with confirm or revert, createImage, rebuild, delete and create again). Then, with
 * the faults off, every server is at the state its last accepted verb asked for, every deleted one left nothing, and
 * no host namespace is orphaned. Seeded by {@code -Dovc.faults.seed} (the faults and each server's choice of verbs).
 */
@EnabledIfSystemProperty(named = "ovc.soak.minutes", matches = "[1-9][0-9]*")
class ApiFaultSoakIT {
    @Test
    void randomVerbsUnderRandomFaultsEndWhereTheLastAcceptedVerbSaid() throws Exception {
        Duration length = Duration.ofMinutes(Long.getLong("ovc.soak.minutes", 1));
        int servers = Integer.getInteger("ovc.soak.servers", 8);
        long seed = Long.getLong("ovc.faults.seed", 2026);
        try (TestSandbox sandbox = TestSandbox.builder().simulatorDelay(Duration.ofMillis(200)).faultSeed(seed)
                .startWithBackend();
             FaultCycle cycle = FaultCycle.random(sandbox.cluster().faults(), ApiFaults.Plan.everything(), seed,
                     Duration.ofSeconds(5), Duration.ofSeconds(3))) {
            Domain compute = sandbox.backend().domain();
            KubernetesClient probe = sandbox.client();
            VerbDriver driver = new VerbDriver(compute, cycle, id -> ApiFaultRecoveryIT.describe(probe, id));
            long deadline = System.nanoTime() + length.toNanos();
            Set<String> deleted = ConcurrentHashMap.newKeySet();
            AtomicLong verbs = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(servers);
            List<Future<Outcome>> running = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                Caller owner = Fixtures.caller("user-soak-" + i, "project-soak-" + i, "member");
                Random random = new Random(seed + i);
                running.add(pool.submit(() -> soak(compute, driver, owner, random, deadline, deleted, verbs)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> outcome : running) {
                outcomes.add(outcome.get());
            }
            pool.shutdown();
            cycle.close();

            KubernetesClient admin = sandbox.client();
            Eventually.await("deleted servers leave nothing", () -> deleted.stream().allMatch(id ->
                    ApiFaultRecoveryIT.record(admin, id).isEmpty()
                            && ApiFaultRecoveryIT.namespacesOf(admin, id).isEmpty()));
            Set<String> live = outcomes.stream().map(o -> o.chain().serverId()).collect(Collectors.toSet());
            for (Outcome outcome : outcomes) {
                String id = outcome.chain().serverId();
                assertTrue(ApiFaultRecoveryIT.record(admin, id).isPresent(), id + " lost");
                assertEquals(outcome.chain().state(), compute.servers().getServer(outcome.owner(), id).vmState(),
                        outcome.chain().outcomes().toString());
            }
            for (Namespace ns : admin.namespaces().withLabel(Records.LABEL_SERVER_ID).list().getItems()) {
                assertTrue(live.contains(ns.getMetadata().getLabels().get(Records.LABEL_SERVER_ID)),
                        "orphaned namespace " + ns.getMetadata().getName());
            }
            long errors = outcomes.stream().filter(o -> o.chain().state().equals("error")).count();
            StringBuilder faults = new StringBuilder();
            for (Fault fault : Fault.values()) {
                faults.append(' ').append(fault).append('=').append(sandbox.cluster().faults().injected(fault));
            }
            System.out.printf("soak: %d min, %d servers, seed %d: %d verbs accepted and finished, %d servers in "
                    + "ERROR, %d deleted; faults:%s%n", length.toMinutes(), servers, seed, verbs.get(), errors,
                    deleted.size(), faults);
            assertTrue(verbs.get() >= servers, "each server ran at least its create");
        }
    }

    private record Outcome(Caller owner, VerbDriver.Chain chain) {
    }

    /** One server's life until the deadline: a verb at a time, each valid in the state the last one reached. */
    private static Outcome soak(Domain compute, VerbDriver driver, Caller owner, Random random, long deadline,
                                Set<String> deleted, AtomicLong verbs) {
        VerbDriver.Chain chain = driver.run(owner, List.of(VerbDriver.create("soak", Fixtures.IMAGE)));
        while (System.nanoTime() < deadline && !chain.state().equals("error")) {
            VerbDriver.Step next = next(compute.servers().getServer(owner, chain.serverId()), chain.state(), random);
            chain = driver.run(owner, chain, List.of(next));
            if (chain.deleted()) {
                deleted.add(chain.serverId());
                verbs.addAndGet(chain.outcomes().size());
                chain = driver.run(owner, List.of(VerbDriver.create("soak", Fixtures.IMAGE)));
            }
        }
        verbs.addAndGet(chain.outcomes().size());
        return new Outcome(owner, chain);
    }

    private static VerbDriver.Step next(ServerData server, String state, Random random) {
        return switch (state) {
            case "stopped" -> VerbDriver.action(new ServerAction.Start(), "active");
            case "paused" -> VerbDriver.action(new ServerAction.Unpause(), "active");
            case "resized" -> random.nextBoolean() ? VerbDriver.action(new ServerAction.ConfirmResize(), "active")
                    : VerbDriver.action(new ServerAction.RevertResize(), "active");
            default -> switch (random.nextInt(12)) {
                case 0 -> VerbDriver.action(new ServerAction.Stop(), "stopped");
                case 1 -> VerbDriver.action(new ServerAction.Pause(), "paused");
                case 2 -> VerbDriver.action(new ServerAction.Reboot(random.nextBoolean()), "active");
                // only up from the first flavor: a confirmed resize leaves the server on the bigger one
                case 3 -> Fixtures.FLAVOR.equals(server.flavor().id())
                        ? VerbDriver.action(new ServerAction.Resize("2"), "resized")
                        : VerbDriver.action(new ServerAction.Reboot(false), "active");
                case 4 -> VerbDriver.createImage();
                case 5 -> VerbDriver.rebuild(server.imageId());
                case 6 -> VerbDriver.delete();
                case 7, 8 -> VerbDriver.action(new ServerAction.Stop(), "stopped");
                default -> VerbDriver.action(new ServerAction.Pause(), "paused");
            };
        };
    }
}
