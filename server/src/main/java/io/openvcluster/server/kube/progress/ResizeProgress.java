package io.openvcluster.server.kube.progress;

import io.openvcluster.api.ServerStates;
import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.host.HostCache;
import io.openvcluster.server.kube.host.HostObjects;
import io.openvcluster.server.kube.provision.VclusterProvisioner;
import io.openvcluster.translator.DerivedState;
import io.openvcluster.translator.NovaStates;
import io.openvcluster.translator.VclusterNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Where a resize or a revert stands on the host. The reconciler has already rendered the record's flavor (the new
 * one, or the previous one again after a revert) into the ResourceQuota, LimitRange and vcluster values; those
 * values change the StatefulSet's {@code vClusterConfigHash}, so the control plane restarts with them (docs/verbs.md,
 * "The table"). The flavor runs when the StatefulSet carries the provisioner's marker of those values and, unless
 * the server is stopped, a Ready control-plane pod carries it too. Until then the task shows
 * {@code resize_migrating} (the new objects are not on the host yet) or {@code resize_finish} (the control plane
 * restarts); then the vm state is {@code resized} until confirm or revert. Pure apart from reading the host cache.
 */
public final class ResizeProgress {
    public static final String RESIZE = "resize";
    public static final String REVERT = ActionRequest.REVERT_RESIZE;
    /** Host events of a resize or revert, named after what they do (docs/verbs.md). */
    static final String APPLY_FLAVOR = "apply_flavor";
    static final String RESTART_CONTROL_PLANE = "restart_control_plane";
    private static final Set<String> SETTLED = Set.of(NovaStates.VM_ACTIVE, NovaStates.VM_STOPPED);

    private final HostCache cache;

    public ResizeProgress(HostCache cache) {
        this.cache = cache;
    }

    /** The state to show, and the events to enter in the running resize or revert. */
    public record Step(DerivedState derived, BiConsumer<ServerStatus, String> bookkeeping) {
    }

    public Step evaluate(ServerRecord record, DerivedState derived, VclusterNames names,
                  Supplier<Optional<VclusterProvisioner.RolloutMarker>> marker) {
        Optional<ActionRequest> pending = Records.pendingAction(record)
                .filter(a -> RESIZE.equals(a.action()) || REVERT.equals(a.action()));
        boolean awaitingConfirm = record.getSpec().getPreviousFlavor() != null;
        if ((pending.isEmpty() && !awaitingConfirm) || !SETTLED.contains(derived.vmState())
                || derived.taskState().isPresent()) {
            return new Step(derived, (status, now) -> { });
        }
        Optional<VclusterProvisioner.RolloutMarker> wanted = marker.get();
        boolean stopped = NovaStates.VM_STOPPED.equals(derived.vmState());
        boolean onHost = onHost(cache, names, wanted);
        boolean running = runsRendered(cache, names, wanted, stopped);
        BiConsumer<ServerStatus, String> events = pending
                .map(a -> events(a, record.getSpec().getFlavor(), onHost && !stopped))
                .orElse((status, now) -> { });
        if (awaitingConfirm) {
            DerivedState shown = running
                    ? new DerivedState(ServerStates.RESIZED, Optional.empty(), derived.powerState(), Optional.empty())
                    : new DerivedState(derived.vmState(), Optional.of(onHost ? "resize_finish" : "resize_migrating"),
                            derived.powerState(), Optional.empty());
            return new Step(shown, events);
        }
        // a revert: resized, reverting, until the previous flavor runs again; then the host's own state
        DerivedState shown = running ? derived : new DerivedState(ServerStates.RESIZED,
                Optional.of("resize_reverting"), derived.powerState(), Optional.empty());
        return new Step(shown, events);
    }

    /**
     * The desired values run: the StatefulSet carries their marker ({@code vClusterConfigHash} for the manifest
     * path, the facade's values digest for Helm) and, unless the server is
     * stopped, a Ready control-plane pod carries it too.
     */
    static boolean runsRendered(HostCache cache, VclusterNames names,
                                Optional<VclusterProvisioner.RolloutMarker> wanted, boolean stopped) {
        return onHost(cache, names, wanted) && (stopped || cache.pod(names.namespace(), names.pod())
                .filter(p -> !p.terminating())
                .filter(p -> carries(p.markers(), wanted.get()))
                .filter(HostObjects.CachedPod::ready).isPresent());
    }

    /** The StatefulSet's pod template carries the marker: the new values are on the host. */
    private static boolean onHost(HostCache cache, VclusterNames names,
                                  Optional<VclusterProvisioner.RolloutMarker> wanted) {
        return wanted.isPresent() && cache.statefulSet(names.namespace(), names.statefulSet())
                .filter(sts -> carries(sts.templateMarkers(), wanted.get()))
                .isPresent();
    }

    public static boolean carries(Map<String, String> annotations, VclusterProvisioner.RolloutMarker marker) {
        return annotations != null && marker.value().equals(annotations.get(marker.annotation()));
    }

    /** {@code apply_flavor} from the first pass; {@code restart_control_plane} once the new values are on the host. */
    private static BiConsumer<ServerStatus, String> events(ActionRequest action, FlavorSnapshot flavor,
                                                          boolean restarting) {
        return (status, now) -> {
            List<ActionEvent> updated = new ArrayList<>();
            for (ActionEvent a : ActionProgress.withStarted(status.getActions(), action, now)) {
                if (a.requestId().equals(action.requestId()) && !a.finished()) {
                    a = a.withEvent(APPLY_FLAVOR, now, "ResourceQuota, LimitRange and control-plane resources of "
                            + "flavor " + flavor.name() + " (" + flavor.vcpus() + " vCPU, " + flavor.ramMb()
                            + " MiB RAM, " + flavor.diskGb() + " GiB disk)");
                    if (restarting) {
                        a = a.withEvent(RESTART_CONTROL_PLANE, now, "vcluster values changed (vClusterConfigHash): "
                                + "the StatefulSet recreates the control-plane pod");
                    }
                }
                updated.add(a);
            }
            status.setActions(updated);
        };
    }
}
