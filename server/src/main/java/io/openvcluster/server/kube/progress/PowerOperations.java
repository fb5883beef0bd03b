package io.openvcluster.server.kube.progress;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.PodRestart;
import io.openvcluster.server.kube.crd.PowerIntents;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.host.HostCache;
import io.openvcluster.server.kube.host.HostObjects;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.VclusterNames;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The host operations of the power verbs, each idempotent and decided from what the host shows, never from what
 * was done before (docs/verbs.md has the table):
 * <ul>
 *   <li>{@code vcluster_pause}: what {@code vcluster pause} does to the control-plane StatefulSet: annotations
 *       {@code loft.sh/paused=true}, {@code loft.sh/paused-replicas=<replicas>}, {@code loft.sh/paused-date} and
 *       {@code spec.replicas: 0} (stop, suspend, pause) — so the vcluster CLI sees a paused vcluster and could
 *       resume it itself;</li>
 *   <li>{@code delete_workload_pods}: once the control plane is down, delete the synced workload pods (label
 *       {@code vcluster.loft.sh/managed-by=<release>}), as {@code vcluster pause} does (stop, suspend; pause keeps
 *       them running, unmanaged);</li>
 *   <li>{@code vcluster_resume}: replicas back to {@code loft.sh/paused-replicas}, the three annotations removed
 *       (start, resume, unpause, and a reboot of a server that is down);</li>
 *   <li>{@code restart_control_plane} / {@code restart_workload_pods}: a reboot deletes the control-plane pod (the
 *       StatefulSet controller recreates it) and, HARD, the synced workload pods (the syncer recreates them). The
 *       pods' uids are written to the status before any is deleted, and a pod is deleted only while it still has
 *       one of those uids: each is restarted exactly once per reboot request, also across facade restarts.</li>
 * </ul>
 * Each operation is entered as an event of the running instance action before it is performed, so the history
 * names every host operation, and a crash between the two repeats only the (idempotent) operation.
 */
public final class PowerOperations {
    public static final String PAUSED = HostObservation.PAUSED_ANNOTATION;
    public static final String PAUSED_REPLICAS = HostObservation.PAUSED_REPLICAS_ANNOTATION;
    public static final String PAUSED_DATE = HostObservation.PAUSED_DATE_ANNOTATION;
    /** The label vcluster's syncer puts on every host pod it syncs. */
    static final String MANAGED_BY = "vcluster.loft.sh/managed-by";
    /** vcluster's paused-date format (Go "2006-01-02T15:04:05.000Z"). */
    private static final DateTimeFormatter PAUSED_DATE_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final HostCache cache;
    private final RecordStore store;
    private final Clock clock;

    public PowerOperations(KubernetesClient client, HostCache cache, RecordStore store, Clock clock) {
        this.client = client;
        this.cache = cache;
        this.store = store;
        this.clock = clock;
    }

    /**
     * The chart's objects with {@code spec.replicas} left out of the StatefulSet once it exists: from then on the
     * replica count belongs to the power operations (a paused vcluster must stay at 0 when the chart is re-applied).
     */
    public static List<HasMetadata> withoutReplicas(List<HasMetadata> rendered, HostObservation observed) {
        if (observed.workload().isEmpty()) {
            return rendered;
        }
        return rendered.stream().map(o -> {
            if (o instanceof StatefulSet sts && sts.getSpec() != null) {
                StatefulSet copy = Records.copy(sts);
                copy.getSpec().setReplicas(null);
                return (HasMetadata) copy;
            }
            return o;
        }).toList();
    }

    /**
     * A refusal the API server will repeat (RBAC, validation, admission: 400, 403, 422): the verb ends in ERROR with
     * the refusal as its fault rather than retrying for ever. Conflicts, throttling and outages are retried.
     */
    public static boolean refusedForGood(KubernetesClientException e) {
        return e.getCode() == 400 || e.getCode() == 403 || e.getCode() == 422;
    }

    /** The uid of the control-plane pod, if it exists and is not terminating (from the cache). */
    public Optional<String> controlPlanePodUid(VclusterNames names) {
        return cache.pod(names.namespace(), names.pod()).flatMap(HostObjects.CachedPod::liveUid);
    }

    /**
     * Drives the host one step toward the record's power intent and its pending reboot.
     *
     * @return the record as last written (events and restart bookkeeping may have been written to its status)
     */
    public ServerRecord drive(ServerRecord record, VclusterNames names, HostObservation observed) {
        Optional<HostObservation.Workload> workload = observed.workload();
        if (workload.isEmpty() || record.getStatus() == null) {
            return record;
        }
        Optional<ActionRequest> pending = Records.pendingAction(record);
        String intent = PowerIntents.onHost(record);
        ServerRecord current = record;
        if (!PowerIntents.RUNNING.equals(intent)) {
            if (!workload.get().paused()) {
                current = event(current, pending, "vcluster_pause",
                        "StatefulSet " + names.statefulSet() + ": loft.sh/paused=true, replicas 0");
                pause(names);
            }
            // pause alone keeps the workloads running; every other way down deletes them, as vcluster pause does
            boolean deletesWorkloads = !PowerIntents.PAUSED.equals(intent);
            if (deletesWorkloads && pending.isPresent() && workload.get().statusReplicas() == 0) {
                current = event(current, pending, "delete_workload_pods",
                        "pods " + MANAGED_BY + "=" + names.release() + " deleted");
                client.pods().inNamespace(names.namespace()).withLabel(MANAGED_BY, names.release()).delete();
            }
            return current;
        }
        if (workload.get().paused()) {
            current = event(current, pending, "vcluster_resume", "StatefulSet " + names.statefulSet()
                    + ": replicas " + pausedReplicas(workload.get()) + ", loft.sh/paused* removed");
            resume(names);
        }
        if (pending.isPresent() && pending.get().reboot()) {
            current = reboot(current, names, pending.get());
        }
        return current;
    }

    private ServerRecord reboot(ServerRecord record, VclusterNames names, ActionRequest reboot) {
        ServerRecord current = record;
        PodRestart restart = record.getStatus().getRestart();
        if (restart == null || !reboot.requestId().equals(restart.requestId())) {
            List<String> uids = new ArrayList<>();
            controlPlanePodUid(names).ifPresent(uids::add);
            if (reboot.hardReboot()) {
                workloadPods(names).forEach(p -> uids.add(p.getMetadata().getUid()));
            }
            restart = new PodRestart(reboot.requestId(), uids);
            current = writeStatus(current, Optional.of(reboot), "restart_control_plane",
                    "pod " + names.pod() + " deleted; the StatefulSet recreates it", restart);
            if (reboot.hardReboot()) {
                current = writeStatus(current, Optional.of(reboot), "restart_workload_pods",
                        (uids.size() - (controlPlanePodUid(names).isPresent() ? 1 : 0)) + " pods " + MANAGED_BY + "="
                                + names.release() + " deleted; the syncer recreates them", restart);
            }
        }
        Set<String> toRestart = Set.copyOf(restart.podUids());
        if (reboot.hardReboot()) {
            workloadPods(names).stream().filter(p -> toRestart.contains(p.getMetadata().getUid()))
                    .forEach(p -> client.resource(p).delete());
        }
        Pod controlPlane = client.pods().inNamespace(names.namespace()).withName(names.pod()).get();
        if (controlPlane != null && toRestart.contains(controlPlane.getMetadata().getUid())) {
            client.resource(controlPlane).delete();
        }
        return current;
    }

    private List<Pod> workloadPods(VclusterNames names) {
        return client.pods().inNamespace(names.namespace()).withLabel(MANAGED_BY, names.release()).list().getItems();
    }

    private void pause(VclusterNames names) {
        StatefulSet live = client.apps().statefulSets().inNamespace(names.namespace()).withName(names.statefulSet()).get();
        if (live == null) {
            return;
        }
        Map<String, String> annotations = new HashMap<>(Optional.ofNullable(live.getMetadata().getAnnotations())
                .orElse(Map.of()));
        if ("true".equals(annotations.get(PAUSED))) {
            return;
        }
        int replicas = live.getSpec().getReplicas() == null ? 1 : live.getSpec().getReplicas();
        // vcluster: a StatefulSet already at 0 remembers the configured replicas (fallback 1)
        annotations.put(PAUSED_REPLICAS, String.valueOf(replicas == 0 ? 1 : replicas));
        annotations.put(PAUSED, "true");
        annotations.put(PAUSED_DATE, PAUSED_DATE_FORMAT.format(clock.instant()));
        live.getMetadata().setAnnotations(annotations);
        live.getSpec().setReplicas(0);
        client.resource(live).update();
    }

    private void resume(VclusterNames names) {
        StatefulSet live = client.apps().statefulSets().inNamespace(names.namespace()).withName(names.statefulSet()).get();
        if (live == null || live.getMetadata().getAnnotations() == null
                || !"true".equals(live.getMetadata().getAnnotations().get(PAUSED))) {
            return;
        }
        Map<String, String> annotations = new HashMap<>(live.getMetadata().getAnnotations());
        int replicas = parseReplicas(annotations.get(PAUSED_REPLICAS));
        Stream.of(PAUSED, PAUSED_REPLICAS, PAUSED_DATE).forEach(annotations::remove);
        live.getMetadata().setAnnotations(annotations);
        live.getSpec().setReplicas(replicas);
        client.resource(live).update();
    }

    private static int pausedReplicas(HostObservation.Workload workload) {
        return parseReplicas(workload.annotations().get(PAUSED_REPLICAS));
    }

    /** vcluster's resume: the remembered replicas, 1 when missing or unreadable. */
    static int parseReplicas(String value) {
        try {
            return value == null ? 1 : Math.max(1, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Enters {@code event} in the pending action (when there is one) before its operation is performed. */
    /**
     * A shelve's offload, once the vcluster is stopped (control plane scaled to 0 and gone): everything of it on the
     * host deleted by {@code remove} (the teardown's steps without the record), each step entered as an event of the
     * running shelve or shelveOffload first. The state lives on in the shelve image's archive, and the record stays.
     */
    public ServerRecord offload(ServerRecord record, VclusterNames names, HostObservation observed, Runnable remove) {
        if (!PowerIntents.SHELVED_OFFLOADED.equals(PowerIntents.onHost(record)) || !observed.namespacePresent()
                || record.getStatus() == null) {
            return record;
        }
        boolean stopped = observed.workload().map(w -> w.specReplicas() == 0 && w.statusReplicas() == 0)
                .orElse(true);
        if (!stopped) {
            return record;
        }
        Optional<ActionRequest> pending = Records.pendingAction(record);
        ServerRecord current = event(record, pending, "delete_vcluster", "the vcluster's objects in "
                + names.namespace() + " deleted, with its data volume claim " + names.dataPvc() + " and Secrets; "
                + "its state is in the shelve image's archive");
        current = event(current, pending, "delete_namespace", "namespace " + names.namespace() + " deleted");
        remove.run();
        return current;
    }

    private ServerRecord event(ServerRecord record, Optional<ActionRequest> pending, String event, String details) {
        return writeStatus(record, pending, event, details, record.getStatus().getRestart());
    }

    private ServerRecord writeStatus(ServerRecord record, Optional<ActionRequest> pending, String event,
                                     String details, PodRestart restart) {
        if (pending.isEmpty()) {
            return record;
        }
        ServerRecord changed = Records.copy(record);
        ServerStatus status = changed.getStatus();
        String now = clock.instant().toString();
        List<ActionEvent> actions = ActionProgress.withStarted(status.getActions(), pending.get(), now);
        List<ActionEvent> updated = new ArrayList<>();
        for (ActionEvent a : actions) {
            updated.add(a.requestId().equals(pending.get().requestId()) ? a.withEvent(event, now, details) : a);
        }
        if (updated.equals(status.getActions()) && Objects.equals(restart, status.getRestart())) {
            return record;
        }
        List<ActionEvent> before = status.getActions();
        status.setActions(updated);
        status.setRestart(restart);
        ServerRecord written = store.written(client.resources(ServerRecord.class).inNamespace(store.namespace())
                .resource(changed).updateStatus());
        HostOperationLog.written(record.getMetadata().getName(), before, updated);
        return written;
    }
}
