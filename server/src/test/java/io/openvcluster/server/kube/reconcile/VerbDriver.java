package io.openvcluster.server.kube.reconcile;

import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** Sends verbs as a client does under faults, and judges each one's outcome. */
final class VerbDriver {
    /**
     * How long a verb may take under faults: the work queue backs a failing server off up to 30 s between attempts,
     * so the usual 30 s guard is too short while faults keep striking.
     */
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private final Domain compute;
    private final FaultCycle cycle;
    private final Function<String, String> diagnose;

    VerbDriver(Domain compute, FaultCycle cycle, Function<String, String> diagnose) {
        this.compute = compute;
        this.cycle = cycle;
        this.diagnose = diagnose;
    }

    /** One verb: sent with the caller's new request id; answers its target vm_state (empty: the server is gone). */
    interface Step {
        String name();

        Optional<String> send(Domain compute, Caller caller, Chain chain);
    }

    /** @param state the vm_state the last accepted verb asked for ({@code error} when one ended so) */
    record Chain(String serverId, boolean deleted, String state, List<String> outcomes) {
    }

    static Step create(String name, String image) {
        return new Step() {
            public String name() {
                return "create " + name;
            }

            public Optional<String> send(Domain compute, Caller caller, Chain chain) {
                return Optional.of(compute.servers().createServer(caller, Fixtures.create(name, Fixtures.FLAVOR, image, 1))
                        .servers().get(0).id());
            }
        };
    }

    static Step action(ServerAction action, String target) {
        return new Step() {
            public String name() {
                return action.name();
            }

            public Optional<String> send(Domain compute, Caller caller, Chain chain) {
                compute.servers().performAction(caller, chain.serverId(), action);
                return Optional.of(target);
            }
        };
    }

    static Step createImage() {
        return new Step() {
            public String name() {
                return "createImage";
            }

            public Optional<String> send(Domain compute, Caller caller, Chain chain) {
                compute.servers().createImage(caller, chain.serverId(), new ServerAction.CreateImage("snap", Map.of()));
                return Optional.of("active");
            }
        };
    }

    static Step rebuild(String image) {
        return new Step() {
            public String name() {
                return "rebuild";
            }

            public Optional<String> send(Domain compute, Caller caller, Chain chain) {
                compute.servers().rebuildServer(caller, chain.serverId(), new ServerAction.Rebuild(image, Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
                return Optional.of("active");
            }
        };
    }

    static Step delete() {
        return new Step() {
            public String name() {
                return "delete";
            }

            public Optional<String> send(Domain compute, Caller caller, Chain chain) {
                compute.servers().deleteServer(caller, chain.serverId());
                return Optional.empty();
            }
        };
    }

    /** Runs the steps in order on a new server (the first step creates it); stops early when a verb ends in ERROR. */
    Chain run(Caller owner, List<Step> steps) {
        return run(owner, new Chain("", false, "", Collections.synchronizedList(new ArrayList<>())), steps);
    }

    /** Runs the steps in order on the chain's server; stops early when a verb ends in ERROR. */
    Chain run(Caller owner, Chain start, List<Step> steps) {
        Chain chain = start;
        for (Step step : steps) {
            Caller caller = again(owner);
            cycle.awaitOn();
            Optional<String> target = sendUntilAccepted(step, caller, chain);
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
                ServerData s = compute.servers().getServer(owner, id);
                return s.vmState().equals("error") || s.vmState().equals(wanted) && s.taskState().isEmpty();
            });
            ServerData s = compute.servers().getServer(owner, id);
            if (s.vmState().equals("error")) {
                assertTrue(s.fault().isPresent(), "ERROR without a fault after " + step.name());
                chain.outcomes().add("error with fault " + s.fault().get().message());
                return new Chain(id, false, "error", chain.outcomes());
            }
            Eventually.await(step.name() + " action finished", PATIENCE, () -> compute.servers().getInstanceAction(owner, id,
                    caller.requestId()).events().stream().allMatch(e -> e.result().isPresent()));
            InstanceActionData action = compute.servers().getInstanceAction(owner, id, caller.requestId());
            assertTrue(action.events().stream().allMatch(e -> e.result().equals(Optional.of("Success"))),
                    step.name() + ": " + action.events());
            chain.outcomes().add("completed " + step.name());
            chain = new Chain(id, false, wanted, chain.outcomes());
        }
        return chain;
    }

    /** A refusal (409, 503) records nothing: the client sends the verb again, as a user or tool would. */
    private Optional<String> sendUntilAccepted(Step step, Caller caller, Chain chain) {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.send(compute, caller, chain);
            } catch (ApiException e) {
                if (e.status() != 409 && e.status() != 503 || attempt == 40) {
                    fail(step.name() + " refused with " + e.status() + ": " + e.getMessage(), e);
                }
                assertFalse(e.getMessage().isBlank(), "a refusal says why");
                FaultCycle.sleep(Duration.ofMillis(250));
            }
        }
    }

    /** Awaits {@code condition}; on a timeout, says where the server and its host objects stand. */
    private void explained(String id, String what, BooleanSupplier condition) {
        try {
            Eventually.await(what, PATIENCE, condition);
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
            compute.servers().getServer(owner, id);
            return false;
        } catch (ApiException e) {
            return e.status() == 404;
        }
    }
}
