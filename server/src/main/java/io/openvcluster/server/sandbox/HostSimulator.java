package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Plays, in the sandbox, the parts of a real cluster that the CRUD mock lacks, for vcluster workloads
 * ({@code app=vcluster}) only, one class per controller: the StatefulSet controller ({@link StatefulSetController})
 * with the kubelet of the control-plane pods ({@link ControlPlaneKubelet}) and the control plane's kubeconfig export
 * ({@link ControlPlaneKubeconfig}), the namespace controller ({@link NamespaceController}), vcluster's snapshot
 * controller ({@link SnapshotController}) and the kubelet of the snapshot and restore pods
 * ({@link SnapshotPodKubelet}), with the snapshot store they share ({@link ArchiveStore}). This class starts the
 * informers and the periodic sweep and hands what they see to those controllers. Every change takes effect after a
 * fixed delay, never instantly ({@link DelayedActions}). Idempotent: every controller acts on the current state, not
 * on the event.
 */
public final class HostSimulator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HostSimulator.class.getName());
    /**
     * Fault injection for demos and tests: the pods of a StatefulSet with this annotation, those running and those
     * created later, have their container waiting for this reason (e.g. {@code CrashLoopBackOff}) and are never Ready,
     * as a failing control plane.
     */
    public static final String POD_FAULT_ANNOTATION = "sandbox.openvcluster.io/pod-fault";

    /**
     * Fault injection: snapshot requests of a vcluster whose StatefulSet has this annotation fail, with its value as
     * vcluster's {@code status.error.message}.
     */
    public static final String SNAPSHOT_FAULT_ANNOTATION = "sandbox.openvcluster.io/snapshot-fault";
    /** Fault injection: restore pods of a vcluster whose StatefulSet has this annotation fail with its value. */
    public static final String RESTORE_FAULT_ANNOTATION = "sandbox.openvcluster.io/restore-fault";

    private static final int LIVE_LIST_EVERY_SWEEPS = 60;

    private final Duration delay;
    private final DelayedActions actions;
    private final ArchiveStore archives = new ArchiveStore();
    private final StatefulSetController statefulSetController;
    private final NamespaceController namespaceController;
    private final SnapshotController snapshotController;
    private final SnapshotPodKubelet snapshotPodKubelet;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<StatefulSet> statefulSets;
    private SharedIndexInformer<ConfigMap> snapshotRequests;
    /** Sweeps since the last one that listed from the API server rather than from the informers' caches. */
    private int sweepsSinceLiveList;

    public HostSimulator(KubernetesClient client, Duration delay) {
        this.delay = delay;
        this.actions = new DelayedActions(delay);
        this.statefulSetController = new StatefulSetController(client);
        this.namespaceController = new NamespaceController(client);
        this.snapshotController = new SnapshotController(client, archives);
        this.snapshotPodKubelet = new SnapshotPodKubelet(client, archives);
    }

    public void start() {
        statefulSets = statefulSetController.watchedStatefulSets().inform(EventHandlers.onAddOrUpdate(
                sts -> settleLater(ns(sts), sts.getMetadata().getName())));
        informers.add(statefulSets);
        // a deleted control-plane pod (reboot) is recreated by its StatefulSet, as the controller does
        informers.add(statefulSetController.watchedPods().inform(EventHandlers.onDelete(
                pod -> StatefulSetController.owner(pod).ifPresent(sts -> settleLater(ns(pod), sts)))));
        informers.add(namespaceController.watchedNamespaces().inform(EventHandlers.onDelete(this::cascadeLater)));
        informers.add(snapshotPodKubelet.watchedPods().inform(EventHandlers.onAddOrUpdate(this::runLater)));
        snapshotRequests = snapshotController.watchedRequests().inform(EventHandlers.onAddOrUpdate(this::processLater));
        informers.add(snapshotRequests);
        actions.repeat(this::sweep, Math.max(delay.toMillis(), 1000));
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        actions.close();
    }

    /** The simulated store itself, as its S3 endpoint serves it. */
    ArchiveStore archives() {
        return archives;
    }

    /** The bytes of one stored archive (tests compare downloads with them). */
    public java.util.Optional<byte[]> storedArchive(String url) {
        return archives.get(url);
    }

    /** The archives the simulated snapshot controller has written and not yet deleted. */
    public Set<String> storedSnapshots() {
        return archives.urls();
    }

    /**
     * The store's own delete, as its S3 endpoint receives it from the facade ({@link SandboxS3Endpoint}).
     *
     * @return true when the archive was there
     */
    public boolean deleteArchive(String url) {
        return archives.remove(url);
    }

    /** Fault injection: the store loses an archive (a restore from it then fails, as with a deleted object). */
    public void loseSnapshot(String url) {
        archives.remove(url);
    }

    private void settleLater(String namespace, String name) {
        actions.schedule("sts/" + namespace + "/" + name, () -> statefulSetController.settle(namespace, name));
    }

    private void cascadeLater(Namespace namespace) {
        String name = namespace.getMetadata().getName();
        actions.schedule("ns/" + name, () -> namespaceController.cascadeDelete(name));
    }

    private void runLater(Pod snapshotPod) {
        actions.schedule("snappod/" + key(snapshotPod),
                () -> snapshotPodKubelet.run(ns(snapshotPod), snapshotPod.getMetadata().getName()));
    }

    private void processLater(ConfigMap request) {
        actions.schedule("snap/" + key(request),
                () -> snapshotController.process(ns(request), request.getMetadata().getName()));
    }

    /**
     * Picks up what waits for the simulator and has no event left to come: a StatefulSet whose status does not match
     * its spec, a snapshot request not yet done. It reads the informers' caches: a list from the API server every
     * second cost more than everything else together at 10,000 vclusters (10,000 StatefulSets of some 10 KB each,
     * serialised by the API server and parsed again here). Every 60th sweep (a minute at the usual 1 s) it lists from
     * the API server all the same, in case a watch event was ever lost.
     */
    private void sweep() {
        try {
            boolean live = ++sweepsSinceLiveList >= LIVE_LIST_EVERY_SWEEPS;
            if (live) {
                sweepsSinceLiveList = 0;
            }
            // a request waiting for its vcluster to run (or for its Secret) is picked up again
            for (ConfigMap cm : live ? snapshotController.watchedRequests().list().getItems()
                    : snapshotRequests.getStore().list()) {
                if (SnapshotController.pending(cm)) {
                    processLater(cm);
                }
            }
            for (StatefulSet sts : live ? statefulSetController.watchedStatefulSets().list().getItems()
                    : statefulSets.getStore().list()) {
                if (!StatefulSetController.settled(sts)) {
                    settleLater(ns(sts), sts.getMetadata().getName());
                }
            }
        } catch (KubernetesClientException | IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "simulator sweep failed: " + e.getMessage());
        }
    }

    private static String ns(HasMetadata resource) {
        return resource.getMetadata().getNamespace();
    }

    private static String key(HasMetadata resource) {
        return ns(resource) + "/" + resource.getMetadata().getName();
    }
}
