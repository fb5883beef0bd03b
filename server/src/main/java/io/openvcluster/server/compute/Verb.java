package io.openvcluster.server.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.openvcluster.api.Microversion;
import java.util.Optional;
import java.util.Set;

/**
 * One server action, {@code POST /servers/{id}/action}, as one row of {@link Verbs}: everything the facade knows about
 * the verb, from the wire to the host.
 *
 * @param key     the body's key ({@code os-stop})
 * @param name    Nova's instance action name ({@code stop}): the os-instance-actions {@code action}, and the verb in
 *                Nova's 409 wording ("Cannot 'stop' instance …")
 * @param offered the microversions the action exists at (404 outside, as Nova)
 * @param type    the record the parser makes
 * @param parser  the body's value (checked against the schema {@code action-<key>} first) → the parsed action;
 *                empty for an action this facade does not perform (501)
 * @param policy  Nova's policy rule for the action
 * @param guard   Nova's {@code check_instance_state}: the vm states and task states the action is accepted in; empty
 *                where Nova checks none
 * @param intent  what accepting it records on the server (or that it only reads)
 * @param step    what drives it on the host afterwards (docs/verbs.md says what each does there)
 * @param status  the HTTP status of its answer
 */
public record Verb(String key, String name, Versions offered, Class<? extends ServerAction> type,
                   Optional<Parser> parser, String policy, GuardRule guard, Intent intent, Step step, int status) {

    /** A parsed action from the body's value under {@link #key} and the request's microversion. */
    @FunctionalInterface
    public interface Parser {
        ServerAction parse(JsonNode value, Microversion microversion);
    }

    /** The microversions at which an action exists: from {@code since} up to {@code until}, if it ends. */
    public record Versions(Microversion since, Optional<Microversion> until) {
        static final Versions ALL = new Versions(Microversion.v2(1), Optional.empty());

        static Versions since(int minor) {
            return new Versions(Microversion.v2(minor), Optional.empty());
        }

        static Versions until(int minor) {
            return new Versions(Microversion.v2(1), Optional.of(Microversion.v2(minor)));
        }

        public boolean contains(Microversion version) {
            return version.compareTo(since) >= 0 && until.map(u -> version.compareTo(u) <= 0).orElse(true);
        }
    }

    /**
     * The vm states and task states in which Nova accepts a verb.
     *
     * @param taskStates {@link Verbs#IDLE} for "no task running" (Nova's {@code task_state=[None]})
     */
    public record Guard(Set<String> vmStates, Set<String> taskStates) {
    }

    /** The guard of a parsed action: the same for most verbs; a reboot's depends on its type. */
    @FunctionalInterface
    public interface GuardRule {
        Optional<Guard> of(ServerAction action);

        static GuardRule always(Set<String> vmStates, Set<String> taskStates) {
            Optional<Guard> guard = Optional.of(new Guard(vmStates, taskStates));
            return action -> guard;
        }

        static GuardRule none() {
            return action -> Optional.empty();
        }
    }

    /**
     * What accepting a verb records in the server's spec, in one optimistic-concurrency write after its guards: the
     * reconciler does the rest. A read ({@link ReadLog}, {@link ReadConsole}) records nothing; {@link NotImplemented}
     * answers 501.
     */
    public sealed interface Intent {
        /** A power verb: the power intent, the task shown until the host has done it, the vm state it ends in. */
        record Power(String powerIntent, String task, String targetVmState) implements Intent {
        }

        /** A reboot: the server's power intent becomes running; SOFT and HARD show different tasks. */
        record Reboot() implements Intent {
        }

        /** lock or unlock: only the spec changes; the reconciler enters the action, finished, in the history. */
        record Lock(boolean locked) implements Intent {
        }

        /** resize: the new flavor, the previous one kept until the resize is confirmed or reverted. */
        record Resize() implements Intent {
        }

        /** confirmResize: the previous flavor is forgotten; entered in the history, finished. */
        record ConfirmResize() implements Intent {
        }

        /** revertResize: the previous flavor is the flavor again. */
        record RevertResize() implements Intent {
        }

        /** createImage: a new image record, queued, and the snapshot intent on the server. */
        record Snapshot() implements Intent {
        }

        /** rebuild: a restore of a snapshot image, or the control plane on a newer Kubernetes version. */
        record Rebuild() implements Intent {
        }

        /** restore: a soft-deleted server's power intent back to running, after a quota check. */
        record Restore(Power power) implements Intent {
        }

        /** forceDelete: the delete intent, as a DELETE without deferred delete records it. */
        record ForceDelete() implements Intent {
        }

        /** rescue: the power intent RESCUED and the rescue image, if one is given. */
        record Rescue() implements Intent {
        }

        /** shelve: the shelve image queued, its snapshot and the power intent SHELVED (or SHELVED_OFFLOADED). */
        record Shelve() implements Intent {
        }

        /** shelveOffload: the power intent SHELVED_OFFLOADED (the store permitting). */
        record ShelveOffload() implements Intent {
        }

        /** unshelve: the power intent back to running, with the shelve image's restore when it was offloaded. */
        record Unshelve() implements Intent {
        }

        /**
         * os-resetState: the state to show, recorded as the server's pending request with no task, which supersedes a
         * verb still running; the reconciler ends it ({@code ActionProgress}).
         */
        record ResetState() implements Intent {
        }

        /** trigger_crash_dump: the crash-dump intent, beside any verb (no task). */
        record CrashDump() implements Intent {
        }

        /**
         * addSecurityGroup, removeSecurityGroup: the server's groups in its spec (no instance action, as Nova);
         * the reconciler writes the NetworkPolicies.
         */
        record SecurityGroup(boolean add) implements Intent {
        }

        /** os-getConsoleOutput: reads the control-plane pod's log; 200 with it. */
        record ReadLog() implements Intent {
        }

        /** The console actions of 2.1–2.5: a console URL, as remote-consoles gives it; 200 with it. */
        record ReadConsole() implements Intent {
        }

        /** Nova has the action; this facade does not perform it on vclusters: 501, saying {@code why}. */
        record NotImplemented(String why) implements Intent {
            /** Nova's 501 for the action {@code key}, with the reason. */
            public io.openvcluster.api.ApiException fault(String key) {
                return io.openvcluster.api.ApiException.notImplemented("Action '" + key + "' is not implemented yet: "
                        + why);
            }
        }
    }

    /** What drives an accepted verb on the host (the reconciler's progress steps, {@code kube.progress}). */
    public enum Step {
        /** {@code PowerOperations}: vcluster's pause and resume, control-plane restarts. */
        POWER,
        /** {@code ResizeProgress}: the new flavor's objects applied, the control plane restarted on them. */
        RESIZE,
        /** {@code RebuildProgress}: vcluster's restore of a snapshot, or an upgrade of the control plane. */
        REBUILD,
        /** {@code SnapshotProgress}: vcluster's snapshot request, followed to the image being active or killed. */
        SNAPSHOT,
        /**
         * A shelve's snapshot ({@code SnapshotProgress}), then {@code PowerOperations}: the vcluster stopped, its host
         * objects deleted when offloaded; an unshelve of an offloaded server: {@code RebuildProgress}'s restore into a
         * fresh install.
         */
        SHELVE,
        /** {@code PowerOperations}, then {@code RescueProgress}: the rescue pod started, or deleted before a resume. */
        RESCUE,
        /** {@code Teardown}: the vcluster, its objects and its namespace deleted, then the record. */
        TEARDOWN,
        /**
         * {@code CrashDumpProgress}: the control plane's logs and objects read, written to the store as one bundle.
         */
        CRASH_DUMP,
        /** {@code SecurityGroupPolicies}: the NetworkPolicies of the server's groups in its host namespace. */
        NETWORK_POLICIES,
        /** Nothing on the host: the reconciler enters the action in the history, finished ({@code ActionProgress}). */
        HISTORY_ONLY,
        /** Nothing at all: a read, or an action not performed. */
        NONE
    }

    /** Whether the facade performs the action (a parser exists); otherwise it answers 501. */
    public boolean implemented() {
        return parser.isPresent();
    }
}
