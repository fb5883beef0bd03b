package io.openvcluster.server.compute;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code POST /servers/{id}/action} body: one record per verb. {@link #name()} is Nova's instance action
 * name (os-instance-actions {@code action}), which is also the verb in Nova's 409 wording
 * ("Cannot 'stop' instance ...").
 */
public sealed interface ServerAction {

    /** Nova's name of the action, given once per record with {@link Name}. */
    default String name() {
        return getClass().getAnnotation(Name.class).value();
    }

    /** The wire name of a {@link ServerAction} record; every permitted record carries one. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Name {
        String value();
    }

    /** {@code os-stop}: vcluster pause, workload pods deleted → SHUTOFF. */
    @Name("stop")
    record Stop() implements ServerAction {
    }

    /** {@code os-start}: vcluster resume → ACTIVE. */
    @Name("start")
    record Start() implements ServerAction {
    }

    /** {@code pause}: control plane scaled to 0, workload pods left running → PAUSED. */
    @Name("pause")
    record Pause() implements ServerAction {
    }

    @Name("unpause")
    record Unpause() implements ServerAction {
    }

    /** {@code suspend}: the host effect of stop, shown as SUSPENDED. */
    @Name("suspend")
    record Suspend() implements ServerAction {
    }

    @Name("resume")
    record Resume() implements ServerAction {
    }

    /** {@code reboot}: SOFT restarts the control-plane pod, HARD also the synced workload pods. */
    @Name("reboot")
    record Reboot(boolean hard) implements ServerAction {
    }

    /** {@code lock} with an optional reason (2.73). */
    @Name("lock")
    record Lock(Optional<String> reason) implements ServerAction {
    }

    @Name("unlock")
    record Unlock() implements ServerAction {
    }

    /** {@code resize}: the new flavor's quota, limits and control-plane resources applied → VERIFY_RESIZE. */
    @Name("resize")
    record Resize(String flavorRef) implements ServerAction {
    }

    /** {@code confirmResize}: the previous flavor is forgotten; nothing changes on the host. */
    @Name("confirmResize")
    record ConfirmResize() implements ServerAction {
    }

    /** {@code revertResize}: the previous flavor's quota, limits and control-plane resources restored. */
    @Name("revertResize")
    record RevertResize() implements ServerAction {
    }

    /**
     * {@code createImage}: a vcluster snapshot (its backing store: etcd or the SQLite/kine state) written to the
     * configured store, as a new private image of the server's project.
     */
    @Name("createImage")
    record CreateImage(String imageName, Map<String, String> metadata) implements ServerAction {
        public CreateImage {
            metadata = Map.copyOf(metadata);
        }

    }

    /**
     * {@code rebuild}: with a snapshot image, vcluster's restore of that snapshot into the server; with a base image
     * of a newer Kubernetes version, an upgrade (the vcluster re-rendered with the new version).
     */
    @Name("rebuild")
    record Rebuild(String imageRef, Optional<String> serverName, Optional<Map<String, String>> metadata,
                   Optional<String> adminPass, Optional<String> description) implements ServerAction {
    }
}
