package io.openvcluster.server.compute;

import java.util.Optional;

/**
 * A parsed {@code POST /servers/{id}/action} body: one record per verb. {@link #name()} is Nova's instance action
 * name (os-instance-actions {@code action}), which is also the verb in Nova's 409 wording
 * ("Cannot 'stop' instance ...").
 */
public sealed interface ServerAction {

    String name();

    /** {@code os-stop}: vcluster pause, workload pods deleted → SHUTOFF. */
    record Stop() implements ServerAction {
        @Override
        public String name() {
            return "stop";
        }
    }

    /** {@code os-start}: vcluster resume → ACTIVE. */
    record Start() implements ServerAction {
        @Override
        public String name() {
            return "start";
        }
    }

    /** {@code pause}: control plane scaled to 0, workload pods left running → PAUSED. */
    record Pause() implements ServerAction {
        @Override
        public String name() {
            return "pause";
        }
    }

    record Unpause() implements ServerAction {
        @Override
        public String name() {
            return "unpause";
        }
    }

    /** {@code suspend}: the host effect of stop, shown as SUSPENDED. */
    record Suspend() implements ServerAction {
        @Override
        public String name() {
            return "suspend";
        }
    }

    record Resume() implements ServerAction {
        @Override
        public String name() {
            return "resume";
        }
    }

    /** {@code reboot}: SOFT restarts the control-plane pod, HARD also the synced workload pods. */
    record Reboot(boolean hard) implements ServerAction {
        @Override
        public String name() {
            return "reboot";
        }
    }

    /** {@code lock} with an optional reason (2.73). */
    record Lock(Optional<String> reason) implements ServerAction {
        @Override
        public String name() {
            return "lock";
        }
    }

    record Unlock() implements ServerAction {
        @Override
        public String name() {
            return "unlock";
        }
    }

    /** {@code resize}: the new flavor's quota, limits and control-plane resources applied → VERIFY_RESIZE. */
    record Resize(String flavorRef) implements ServerAction {
        @Override
        public String name() {
            return "resize";
        }
    }

    /** {@code confirmResize}: the previous flavor is forgotten; nothing changes on the host. */
    record ConfirmResize() implements ServerAction {
        @Override
        public String name() {
            return "confirmResize";
        }
    }

    /** {@code revertResize}: the previous flavor's quota, limits and control-plane resources restored. */
    record RevertResize() implements ServerAction {
        @Override
        public String name() {
            return "revertResize";
        }
    }

    /**
     * {@code createImage}: a vcluster snapshot (its backing store: etcd or the SQLite/kine state) written to the
     * configured store, as a new private image of the server's project.
     */
    record CreateImage(String imageName, java.util.Map<String, String> metadata) implements ServerAction {
        public CreateImage {
            metadata = java.util.Map.copyOf(metadata);
        }

        @Override
        public String name() {
            return "createImage";
        }
    }

    /**
     * {@code rebuild}: with a snapshot image, vcluster's restore of that snapshot into the server; with a base image
     * of a newer Kubernetes version, an upgrade (the vcluster re-rendered with the new version).
     */
    record Rebuild(String imageRef, Optional<String> serverName, Optional<java.util.Map<String, String>> metadata,
                   Optional<String> adminPass, Optional<String> description) implements ServerAction {
        @Override
        public String name() {
            return "rebuild";
        }
    }
}
