package io.openvcluster.server.kube.progress;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ReimageIntent;
import io.openvcluster.server.kube.crd.RestoreIntent;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.host.HostCache;
import io.openvcluster.server.kube.host.HostObjects.CachedPod;
import io.openvcluster.server.kube.host.HostObjects.CachedStatefulSet;
import io.openvcluster.server.kube.provision.VclusterProvisioner;
import io.openvcluster.server.kube.snapshot.SnapshotPods;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.translator.DerivedState;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.NovaStates;
import io.openvcluster.translator.VclusterNames;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A running {@code rebuild}, level-triggered.
 *
 * <p>From a snapshot image, vcluster's restore into an existing vcluster (docs/images.md, "rebuild"), each step
 * decided from the host: {@code vcluster_pause} with {@code loft.sh/restoring=true} (annotations as
 * {@code vcluster pause}, replicas 0); once no control-plane pod runs, {@code delete_workload_pods}
 * ({@code vcluster.loft.sh/managed-by=<release>}), ResourceQuota {@code vcluster-restore} deleted, and
 * {@code vcluster_restore}: the restore pod {@code vcluster-restore-<request id prefix>} ({@code /vcluster restore},
 * see {@link SnapshotPods}). When it has succeeded, {@code loft.sh/restoring} is removed and the power operations
 * resume the vcluster (or keep it down for a server that was stopped). The restore pod of the request is the only
 * marker: while it has not succeeded, the restore owns the StatefulSet's replicas ({@link #ownsPower}); once it has
 * failed the server is ERROR with the pod's message as fault, and stays so (the vcluster left paused) until another
 * rebuild.
 *
 * <p>From a base image, a reimage ({@link ReimageProgress}): the state wiped, the image's version installed fresh. With
 * {@code preserve_ephemeral} (an upgrade), the new Kubernetes version is rendered by the reconciler like any spec
 * change; {@code apply_image} is shown until the control plane runs the new values.
 */
public final class RebuildProgress {
    static final String REBUILD = "rebuild";
    static final String RESTORE_QUOTA = "vcluster-restore";

    private final KubernetesClient client;
    private final HostCache cache;
    private final Clock clock;
    private final Supplier<Map<String, String>> credentials;
    private final RestorePause pause;
    private final ReimageProgress reimages;

    public RebuildProgress(KubernetesClient client, HostCache cache, Clock clock, Supplier<Map<String, String>> credentials) {
        this.client = client;
        this.cache = cache;
        this.clock = clock;
        this.credentials = credentials;
        this.pause = new RestorePause(client, cache, clock);
        this.reimages = new ReimageProgress(client, cache, pause);
    }

    public record Step(DerivedState derived, BiConsumer<ServerStatus, String> bookkeeping) {
    }

    static String restorePodName(String requestId) {
        String safe = requestId.toLowerCase(java.util.Locale.ROOT).replaceFirst("^req-", "").replaceAll("[^a-z0-9]", "");
        return "vcluster-restore-" + (safe.length() > 8 ? safe.substring(0, 8) : safe);
    }

    private Optional<CachedPod> restorePod(ServerRecord record, VclusterNames names) {
        RestoreIntent restore = record.getSpec().getRestore();
        return restore == null ? Optional.empty()
                : cache.snapshotPod(names.namespace(), restorePodName(restore.requestId()));
    }

    private static Optional<ActionRequest> pendingRestore(ServerRecord record) {
        RestoreIntent restore = record.getSpec().getRestore();
        return Records.pendingAction(record).filter(a -> REBUILD.equals(a.action()))
                .filter(a -> restore != null && !restore.newVcluster() && a.requestId().equals(restore.requestId()));
    }

    /**
     * An unshelve of an offloaded server: its vcluster is installed again in a fresh namespace and the shelve image
     * restored into it before it starts, as for a clone but under its own name.
     */
    private static Optional<ActionRequest> pendingUnshelve(ServerRecord record) {
        RestoreIntent restore = record.getSpec().getRestore();
        return Records.pendingAction(record).filter(a -> Shelves.UNSHELVE.equals(a.action()))
                .filter(a -> restore != null && a.requestId().equals(restore.requestId()));
    }

    private static boolean pendingReimage(ServerRecord record) {
        ReimageIntent reimage = record.getSpec().getReimage();
        return reimage != null && Records.pendingAction(record).filter(a -> REBUILD.equals(a.action()))
                .filter(a -> a.requestId().equals(reimage.requestId())).isPresent();
    }

    /** A clone whose vcluster has not run yet: its restore comes before the first start. */
    private static boolean pendingClone(ServerRecord record) {
        RestoreIntent restore = record.getSpec().getRestore();
        return restore != null && restore.newVcluster()
                && (record.getStatus() == null || !record.getStatus().isEverActive());
    }

    /** A restore (rebuild or clone) has not succeeded yet, or failed: it owns the control plane's replicas. */
    public boolean ownsPower(ServerRecord record, VclusterNames names) {
        if (ReimageIntent.unwiped(record).isPresent() && pendingReimage(record)) {
            return true; // paused until the data volume is wiped
        }
        Optional<String> phase = restorePod(record, names).map(CachedPod::phase);
        if (phase.filter("Failed"::equals).isPresent()) {
            return true;
        }
        return (pendingRestore(record).isPresent() || pendingClone(record) || pendingUnshelve(record).isPresent())
                && phase.filter("Succeeded"::equals).isEmpty();
    }

    /**
     * The chart's objects for a clone's first install: the StatefulSet already paused for the restore (replicas 0,
     * {@code loft.sh/paused*} and {@code loft.sh/restoring}), so no control plane starts on an empty store before
     * the snapshot is restored. vcluster's CLI reaches the same with a ResourceQuota {@code vcluster-restore}
     * ({@code pods: 0}) around {@code helm install}; the facade renders the objects itself, so it writes them paused.
     */
    public List<HasMetadata> forFirstInstall(List<HasMetadata> rendered, ServerRecord record, HostObservation observed) {
        if (!(pendingClone(record) || pendingUnshelve(record).isPresent()) || observed.workload().isPresent()) {
            return rendered;
        }
        return rendered.stream().map(o -> {
            if (o instanceof StatefulSet sts) {
                StatefulSet copy = Records.copy(sts);
                Map<String, String> annotations = new HashMap<>(copy.getMetadata().getAnnotations() == null
                        ? Map.of() : copy.getMetadata().getAnnotations());
                int replicas = copy.getSpec().getReplicas() == null ? 1 : copy.getSpec().getReplicas();
                annotations.put(PowerOperations.PAUSED, "true");
                annotations.put(PowerOperations.PAUSED_REPLICAS, String.valueOf(Math.max(1, replicas)));
                annotations.put(PowerOperations.PAUSED_DATE, RestorePause.PAUSED_DATE_FORMAT.format(clock.instant()));
                annotations.put(HostObservation.RESTORING_ANNOTATION, "true");
                copy.getMetadata().setAnnotations(annotations);
                copy.getSpec().setReplicas(0);
                return (HasMetadata) copy;
            }
            return o;
        }).toList();
    }

    public Step drive(ServerRecord record, DerivedState derived, VclusterNames names, HostObservation observed,
               Supplier<Optional<VclusterProvisioner.RolloutMarker>> marker) {
        Optional<CachedPod> pod = restorePod(record, names);
        if (pod.filter(p -> "Failed".equals(p.phase())).isPresent()) {
            String why = "vcluster restore failed: " + pod.get().failure().orElse("the restore pod failed");
            return new Step(new DerivedState(NovaStates.VM_ERROR, Optional.empty(), NovaStates.POWER_NOSTATE,
                    Optional.of(why)), (status, now) -> { });
        }
        if (pendingClone(record)) {
            Step cloning = restore(record, Optional.empty(), derived, names, observed, pod);
            // Nova's view of a server being built: building/spawning until the restored vcluster runs
            return cloning.derived().taskState().isEmpty() ? cloning : new Step(new DerivedState(NovaStates.VM_BUILDING,
                    Optional.of(NovaStates.TASK_SPAWNING), NovaStates.POWER_NOSTATE, Optional.empty()),
                    cloning.bookkeeping());
        }
        Optional<ActionRequest> unshelving = pendingUnshelve(record);
        if (unshelving.isPresent()) {
            Step restoring = restore(record, unshelving, derived, names, observed, pod);
            if (restoring.derived().taskState().isEmpty()) {
                return restoring;
            }
            // Nova's view of an unshelve: the vm state it left, task unshelving, until the restored vcluster runs
            return new Step(new DerivedState(NovaStates.VM_SHELVED_OFFLOADED, Optional.of(ServerStates.UNSHELVING),
                    NovaStates.POWER_NOSTATE, Optional.empty()), events(unshelving.get(), List.<String[]>of(
                    new String[] {"vcluster_install", "namespace " + names.namespace() + " and the vcluster's "
                            + "objects created again, its control plane paused for the restore"}))
                    .andThen(restoring.bookkeeping()));
        }
        Optional<ActionRequest> pending = Records.pendingAction(record).filter(a -> REBUILD.equals(a.action()));
        if (pending.isEmpty()) {
            pod.filter(p -> "Succeeded".equals(p.phase())).filter(p -> !p.terminating())
                    .ifPresent(p -> client.pods().inNamespace(names.namespace())
                            .withName(restorePodName(record.getSpec().getRestore().requestId())).delete());
            return new Step(derived, (status, now) -> { });
        }
        if (NovaStates.VM_ERROR.equals(derived.vmState())) {
            return new Step(derived, (status, now) -> { });
        }
        ReimageIntent reimage = record.getSpec().getReimage();
        if (reimage != null && reimage.requestId().equals(pending.get().requestId())) {
            return reimages.drive(record, pending.get(), derived, names, observed, marker);
        }
        if (pendingRestore(record).isEmpty()) {
            return upgrade(record, pending.get(), derived, names, marker);
        }
        return restore(record, pending, derived, names, observed, pod);
    }

    private Step upgrade(ServerRecord record, ActionRequest action, DerivedState derived, VclusterNames names,
                         Supplier<Optional<VclusterProvisioner.RolloutMarker>> marker) {
        var image = record.getSpec().getImage();
        BiConsumer<ServerStatus, String> events = events(action, List.<String[]>of(new String[] {
                "apply_image", "vcluster values rendered with Kubernetes " + image.kubernetesVersion() + " (chart "
                        + image.chartVersion() + "); the control plane restarts on it"}));
        if (derived.taskState().isPresent()) {
            return new Step(derived, events);
        }
        boolean stopped = NovaStates.VM_STOPPED.equals(derived.vmState());
        return ResizeProgress.runsRendered(cache, names, marker.get(), stopped) ? new Step(derived, events)
                : new Step(new DerivedState(derived.vmState(), Optional.of(ServerStates.REBUILD_SPAWNING),
                        derived.powerState(), Optional.empty()), events);
    }

    /** @param action the rebuild whose events these are; empty for a clone (its create action has none) */
    private Step restore(ServerRecord record, Optional<ActionRequest> action, DerivedState derived,
                         VclusterNames names, HostObservation observed, Optional<CachedPod> pod) {
        RestoreIntent restore = record.getSpec().getRestore();
        List<String[]> done = new ArrayList<>();
        done.add(new String[] {"vcluster_pause", "StatefulSet " + names.statefulSet()
                + ": loft.sh/restoring=true, loft.sh/paused=true, replicas 0"});
        String podName = restorePodName(restore.requestId());
        if (pod.filter(p -> "Succeeded".equals(p.phase())).isPresent()) {
            done.add(new String[] {"delete_workload_pods", "pods vcluster.loft.sh/managed-by=" + names.release()
                    + " deleted"});
            done.add(new String[] {"vcluster_restore", "pod " + podName + " (/vcluster restore) from " + restore.url()
                    + " succeeded"});
            pause.end(names);
            // the power operations resume the vcluster (or keep a stopped one down): once the host shows no
            // restore and no task, the rebuild is complete
            boolean restoring = observed.workload().map(HostObservation.Workload::restoring).orElse(true);
            return !restoring && derived.taskState().isEmpty() ? new Step(derived, events(action, done))
                    : spawning(derived, events(action, done));
        }
        Optional<CachedStatefulSet> sts = cache.statefulSet(names.namespace(), names.statefulSet());
        if (sts.isEmpty()) {
            return spawning(derived, events(action, List.of()));
        }
        pause.pause(names, sts.get().workload().annotations());
        if (pod.isEmpty()) {
            if (observed.workload().map(HostObservation.Workload::statusReplicas).orElse(0) > 0
                    || cache.pod(names.namespace(), names.pod()).isPresent()) {
                return spawning(derived, events(action, done)); // the control plane is stopping
            }
            client.pods().inNamespace(names.namespace()).withLabel(PowerOperations.MANAGED_BY, names.release())
                    .delete();
            client.resourceQuotas().inNamespace(names.namespace()).withName(RESTORE_QUOTA).delete();
            // the restore pod copies the control plane's pod template, which the host cache does not keep
            Optional<StatefulSet> live = SnapshotPods.controlPlane(client, names);
            if (live.isEmpty()) {
                return spawning(derived, events(action, List.of()));
            }
            ensureDataClaim(live.get(), names);
            Secret options = SnapshotRequests.optionsSecret(podName, names.namespace(), names.release(), restore.url(),
                    credentials.get(), record.getSpec().getImage().chartVersion());
            try {
                // a clone skips the source's name mappings, so it restores under another name and namespace
                List<String> command = restore.newVcluster() ? List.of("/vcluster", "restore", "--new-vcluster")
                        : List.of("/vcluster", "restore");
                client.resource(SnapshotPods.pod(podName, names, live.get(), options, command)).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
        }
        done.add(new String[] {"delete_workload_pods", "pods vcluster.loft.sh/managed-by=" + names.release()
                + " deleted"});
        done.add(new String[] {"vcluster_restore", "pod " + podName + " (/vcluster restore) from " + restore.url()});
        return spawning(derived, events(action, done));
    }

    /** Nova's REBUILD while the restore runs (task rebuilding, then rebuild_spawning while the vcluster comes back). */
    static Step spawning(DerivedState derived, BiConsumer<ServerStatus, String> events) {
        String task = derived.taskState().filter(t -> t.startsWith("rebuild")).orElse(ServerStates.REBUILDING);
        return new Step(new DerivedState(derived.vmState(), Optional.of(task), derived.powerState(), Optional.empty()),
                events);
    }

    /** vcluster's {@code ensurePVCs}: a vcluster that never ran has no data claim; it is made from the template. */
    private void ensureDataClaim(StatefulSet sts, VclusterNames names) {
        if (sts.getSpec().getVolumeClaimTemplates() == null || sts.getSpec().getVolumeClaimTemplates().isEmpty()
                || client.persistentVolumeClaims().inNamespace(names.namespace()).withName(names.dataPvc()).get() != null) {
            return;
        }
        var template = sts.getSpec().getVolumeClaimTemplates().getFirst();
        try {
            client.resource(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName(names.dataPvc()).withNamespace(names.namespace())
                    .withLabels(Map.of("app", "vcluster", "release", names.release())).endMetadata()
                    .withSpec(template.getSpec()).build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    private static BiConsumer<ServerStatus, String> events(Optional<ActionRequest> action, List<String[]> events) {
        return action.map(a -> events(a, events)).orElse((status, now) -> { });
    }

    private static BiConsumer<ServerStatus, String> events(ActionRequest action, List<String[]> events) {
        return ActionProgress.events(action, events);
    }
}
