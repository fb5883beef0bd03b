package io.openvcluster.server.compute;

import io.openvcluster.api.model.DiskConfig;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code POST /servers/{id}/action} body: one record per verb, made by its row's parser ({@link Verbs}).
 */
public sealed interface ServerAction {

    /**
     * Nova's instance action name (os-instance-actions {@code action}), which is also the verb in Nova's 409 wording
     * ("Cannot 'stop' instance ..."): its row's.
     */
    default String name() {
        return Verbs.of(this).name();
    }

    /** {@code os-stop}: vcluster pause, workload pods deleted → SHUTOFF. */
    record Stop() implements ServerAction {
    }

    /** {@code os-start}: vcluster resume → ACTIVE. */
    record Start() implements ServerAction {
    }

    /** {@code pause}: control plane scaled to 0, workload pods left running → PAUSED. */
    record Pause() implements ServerAction {
    }

    record Unpause() implements ServerAction {
    }

    /** {@code suspend}: the host effect of stop, shown as SUSPENDED. */
    record Suspend() implements ServerAction {
    }

    record Resume() implements ServerAction {
    }

    /** {@code reboot}: SOFT restarts the control-plane pod, HARD also the synced workload pods. */
    record Reboot(boolean hard) implements ServerAction {
    }

    /** {@code lock} with an optional reason (2.73). */
    record Lock(Optional<String> reason) implements ServerAction {
    }

    record Unlock() implements ServerAction {
    }

    /**
     * {@code resize}: the new flavor's quota, limits and control-plane resources applied → VERIFY_RESIZE; a
     * {@code diskConfig} given becomes the server's.
     */
    record Resize(String flavorRef, Optional<DiskConfig> diskConfig) implements ServerAction {
        /** A resize that leaves the disk config as it is. */
        public Resize(String flavorRef) {
            this(flavorRef, Optional.empty());
        }
    }

    /** {@code confirmResize}: the previous flavor is forgotten; nothing changes on the host. */
    record ConfirmResize() implements ServerAction {
    }

    /** {@code revertResize}: the previous flavor's quota, limits and control-plane resources restored. */
    record RevertResize() implements ServerAction {
    }

    /**
     * {@code createImage}: a vcluster snapshot (its backing store: etcd or the SQLite/kine state) written to the
     * configured store, as a new private image of the server's project.
     */
    record CreateImage(String imageName, Map<String, String> metadata) implements ServerAction {
        public CreateImage {
            metadata = Map.copyOf(metadata);
        }

    }

    /**
     * {@code createBackup}: a snapshot as createImage takes it, marked {@code image_type=backup} with its
     * {@code backup_type}; once it is active, this server's backups of that type beyond the newest {@code rotation}
     * are deleted.
     */
    record CreateBackup(String imageName, String backupType, int rotation, Map<String, String> metadata)
            implements ServerAction {
        public CreateBackup {
            metadata = Map.copyOf(metadata);
        }
    }

    /**
     * {@code rebuild}: with a snapshot image, vcluster's restore of that snapshot into the server; with a base image,
     * Nova's reimage (the vcluster's state wiped, the image's version installed fresh, any version), or with
     * {@code preserve_ephemeral} an in-place upgrade that keeps the state (one minor version up at a time).
     */
    record Rebuild(String imageRef, Optional<String> serverName, Optional<Map<String, String>> metadata,
                   Optional<String> adminPass, Optional<String> description, Optional<DiskConfig> diskConfig,
                   boolean preserveEphemeral) implements ServerAction {

        /** Nova's default: {@code preserve_ephemeral} false. */
        public Rebuild(String imageRef, Optional<String> serverName, Optional<Map<String, String>> metadata,
                       Optional<String> adminPass, Optional<String> description, Optional<DiskConfig> diskConfig) {
            this(imageRef, serverName, metadata, adminPass, description, diskConfig, false);
        }
    }

    /**
     * {@code restore}: a soft-deleted server back, with the project's quota checked again: vcluster resume →
     * ACTIVE.
     */
    record Restore() implements ServerAction {
    }

    /** {@code forceDelete}: deleted now, soft-deleted or not (Nova's instance action {@code delete}). */
    record ForceDelete() implements ServerAction {
    }

    /**
     * {@code shelve}: a vcluster snapshot to the store (the image {@code <name>-shelved}), then the vcluster stopped →
     * SHELVED, and with an offload its host objects and namespace deleted → SHELVED_OFFLOADED.
     */
    record Shelve() implements ServerAction {
    }

    /** {@code shelveOffload}: a shelved vcluster's host objects and namespace deleted → SHELVED_OFFLOADED. */
    record ShelveOffload() implements ServerAction {
    }

    /**
     * {@code unshelve}: a shelved vcluster started again; an offloaded one installed again in a fresh namespace and
     * its shelve image restored into it first. From 2.77 an availability zone; from 2.91 also {@code null}
     * ({@code unpinZone}) and a host.
     */
    record Unshelve(Optional<String> availabilityZone, boolean unpinZone, Optional<String> host)
            implements ServerAction {
    }

    /**
     * {@code rescue}: the vcluster stopped and a rescue pod started with its data volume mounted, from the rescue
     * image's vcluster version if one is given → RESCUE.
     */
    record Rescue(Optional<String> adminPass, Optional<String> rescueImageRef) implements ServerAction {
    }

    /** {@code unrescue}: the rescue pod deleted, the vcluster resumed → ACTIVE. */
    record Unrescue() implements ServerAction {
    }

    /** {@code trigger_crash_dump} (2.17): a debug bundle of the control plane's state, written to the store. */
    record TriggerCrashDump() implements ServerAction {
    }

    /**
     * {@code os-resetState} (admins): the vm state shown becomes {@code state} ({@code active} or {@code error}, as the
     * schema allows) with no task; the reconciler then shows what it observes ({@code active}) or keeps ERROR until a
     * verb accepted from ERROR ({@code error}).
     */
    record ResetState(String state) implements ServerAction {
    }

    /** {@code addSecurityGroup}: the server joins a group of its project (by name or id); NetworkPolicies follow. */
    record AddSecurityGroup(String group) implements ServerAction {
    }

    /** {@code removeSecurityGroup}: the server leaves the group; its NetworkPolicy goes. */
    record RemoveSecurityGroup(String group) implements ServerAction {
    }

    /** {@code os-getConsoleOutput}: the control-plane pod's log, its last {@code length} lines (all when empty). */
    record ConsoleOutput(Optional<Integer> length) implements ServerAction {
    }

    /** {@code os-getVNCConsole} and its siblings (2.1–2.5): the console URL, as {@code remote-consoles} gives it. */
    record LegacyConsole(String key, String protocol, String type) implements ServerAction {
    }
}
