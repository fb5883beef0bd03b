package io.openvcluster.server.kube.reconcile;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.server.archives.ArchiveStores;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.Placement;
import io.openvcluster.server.kube.crd.PowerIntents;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.host.CrashDumpBundle;
import io.openvcluster.server.kube.host.HostCache;
import io.openvcluster.server.kube.host.HostObserver;
import io.openvcluster.server.kube.progress.ActionProgress;
import io.openvcluster.server.kube.progress.CrashDumpProgress;
import io.openvcluster.server.kube.progress.HostOperationLog;
import io.openvcluster.server.kube.progress.PowerOperations;
import io.openvcluster.server.kube.progress.RebuildProgress;
import io.openvcluster.server.kube.progress.RescueProgress;
import io.openvcluster.server.kube.progress.ResizeProgress;
import io.openvcluster.server.kube.progress.SecurityGroupPolicies;
import io.openvcluster.server.kube.progress.SnapshotProgress;
import io.openvcluster.server.kube.provision.HelmClient;
import io.openvcluster.server.kube.provision.HelmFailures;
import io.openvcluster.server.kube.provision.ManifestProvisioner;
import io.openvcluster.server.kube.provision.VclusterProvisioner;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.server.observe.FacadeMeters;
import io.openvcluster.server.observe.LogContext;
import io.openvcluster.server.work.Deadline;
import io.openvcluster.translator.DerivedState;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.NovaStates;
import io.openvcluster.translator.PowerIntent;
import io.openvcluster.translator.StateDeriver;
import io.openvcluster.translator.VclusterNames;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Drives the host towards each server record, level-triggered: it looks at the whole record and the whole host
 * state every time, never at the event that woke it, so every step is idempotent and a crash at any point resumes
 * on the next pass. {@link #WORKERS} worker threads take server ids from a {@link WorkQueue} fed by informer events (records
 * and host objects) and a periodic resync, spread over its period ({@link PacedResync}).
 *
 * <p>For a live server: ensure the namespace, ensure the vcluster ({@link VclusterProvisioner}: the chart's objects
 * or a Helm release), the NetworkPolicies of its security groups ({@link SecurityGroupPolicies}), observe
 * ({@link HostObserver}), derive the Nova state ({@link StateDeriver}) and write the status if it changed. The
 * objects are re-ensured whenever the spec generation was not yet applied or the namespace or control plane is
 * missing; a steady ACTIVE server costs no API call. For a deleted server: delete the vcluster's objects, its data
 * PVC and pods (after {@code helm uninstall} on the Helm path), then its namespace, and the record once the
 * namespace is gone.
 *
 * <p>An API failure leaves the record as it is and retries with back-off ({@link PassFailures}, which also records
 * the last failure in the status). A failure the API server will keep refusing (4xx other than conflict/throttling)
 * ends, after {@link #PERSISTENT_FAILURES} attempts, and a chart that cannot be rendered for this flavor at once, in
 * vm_state error with a fault. So does a Helm refusal (chart not found,
 * values refused, an immutable field: {@link HelmFailures}), after which Helm is not called again for that server
 * until its record changes ({@link HelmRefusals}); a transient Helm failure is retried like an API outage.
 */
public final class Reconciler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Reconciler.class.getName());
    public static final int PERSISTENT_FAILURES = 5;
    /**
     * Worker threads. Servers are independent and the queue never gives one server to two workers, so passes over
     * different servers overlap their API round trips; more workers mostly add load on the API server.
     */
    static final int WORKERS = 4;

    private final KubernetesClient client;
    private final RecordStore store;
    private final HostCache hostCache;
    private final HostObserver observer;
    private final VclusterProvisioner provisioner;
    private final StatusWriter statusWriter;
    private final PowerOperations power;
    private final ResizeProgress resizes;
    private final SnapshotProgress snapshots;
    private final RebuildProgress rebuilds;
    private final RescueProgress rescues;
    private final CrashDumpProgress crashDumps;
    private final ArchiveStores archiveStores = new ArchiveStores();
    private final SecurityGroupPolicies securityGroups;
    private final WorkQueue queue = new WorkQueue();
    private final HelmRefusals helmRefusals = new HelmRefusals();
    private final Teardown teardown;
    private final DeletedServers deletedServers;
    private final TimedIntents timedIntents;
    private final PassFailures passFailures;
    private final Duration resyncPeriod;
    private final Duration passDeadline;
    private final java.util.List<Thread> workers = new java.util.ArrayList<>();
    private volatile boolean running = true;

    /**
     * @param provisioner         puts the vcluster on the host (manifests or a Helm release)
     * @param snapshotCredentials the snapshot store's credentials, read when a snapshot request is created
     * @param passDeadline        how long one pass over one server may run: it stops at the next step after that,
     *                            having done the steps before (each is idempotent), and is retried with back-off
     * @param reclaimInterval     how long a soft-deleted server is kept before its delete ({@link TimedIntents}); zero:
     *                            never reclaimed
     * @param shelvedOffloadTime  how long a shelved server keeps its host objects ({@link TimedIntents}): zero
     *                            offloads within the shelve, negative never
     * @param deletedServerRetention how long what Nova keeps of a deleted server is kept ({@link DeletedServers})
     */
    public Reconciler(KubernetesClient client, RecordStore store, HostCache hostCache, Duration resyncPeriod, Clock clock,
               VclusterProvisioner provisioner, java.util.function.Supplier<Map<String, String>> snapshotCredentials,
               Duration passDeadline, Duration reclaimInterval, Duration shelvedOffloadTime,
               Duration deletedServerRetention) {
        this.passDeadline = passDeadline;
        this.client = client;
        this.store = store;
        this.hostCache = hostCache;
        this.observer = new HostObserver(hostCache);
        this.provisioner = provisioner;
        this.statusWriter = new StatusWriter(client, store, clock);
        this.power = new PowerOperations(client, hostCache, store, clock);
        this.resizes = new ResizeProgress(hostCache);
        this.snapshots = new SnapshotProgress(client, hostCache, store, clock, snapshotCredentials);
        this.rebuilds = new RebuildProgress(client, hostCache, clock, snapshotCredentials);
        this.rescues = new RescueProgress(client, hostCache);
        this.crashDumps = new CrashDumpProgress(new CrashDumpBundle(client), archiveStores, snapshotCredentials, clock);
        this.securityGroups = new SecurityGroupPolicies(client, store, hostCache);
        this.resyncPeriod = resyncPeriod;
        this.deletedServers = new DeletedServers(client, store, deletedServerRetention, clock);
        this.teardown = new Teardown(client, store, observer, provisioner, statusWriter, queue, helmRefusals,
                deletedServers);
        this.passFailures = new PassFailures(queue, statusWriter, this::failPersistently);
        this.timedIntents = new TimedIntents(client, store, queue, reclaimInterval, shelvedOffloadTime, clock);
        for (int i = 0; i < WORKERS; i++) {
            Thread worker = new Thread(this::work, "ovc-reconciler-" + i);
            worker.setDaemon(true);
            workers.add(worker);
        }
    }

    public void start() {
        store.onServerEvents(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ServerRecord obj) {
                queue.add(obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(ServerRecord oldObj, ServerRecord newObj) {
                queue.add(newObj.getMetadata().getName());
            }

            @Override
            public void onDelete(ServerRecord obj, boolean deletedFinalStateUnknown) {
            }
        });
        hostCache.onChange(queue::add);
        store.onSecurityGroupEvents(SecurityGroupPolicies.wakeMembers(store, queue::add));
        // every server at once when this replica starts leading (to resume what a restart interrupted), then spread
        resync();
        queue.every(PacedResync.TICK, new PacedResync(resyncPeriod, this::serverIds, queue::add));
        queue.every(deletedServers.sweepPeriod(), deletedServers::expire);
        workers.forEach(Thread::start);
        FacadeMeters.reconcileQueue(queue::pending);
    }

    /** Asks for a pass over one server soon (the compute service calls this after recording an intent). */
    public void enqueue(String serverId) {
        queue.add(serverId);
    }

    private void resync() {
        serverIds().forEach(queue::add);
    }

    private java.util.List<String> serverIds() {
        return store.allServers().stream().map(s -> s.getMetadata().getName()).toList();
    }

    private void work() {
        while (running) {
            Optional<String> next = queue.take();
            if (next.isEmpty()) {
                return;
            }
            // every line the pass logs, its failure's included, carries the server id
            try (LogContext context = LogContext.server(next.get())) {
                pass(next.get());
            }
        }
    }

    private void pass(String serverId) {
        long started = System.nanoTime();
        String outcome = "ok";
        try {
            Deadline.after(passDeadline, "reconcile pass of server", serverId).run(() -> reconcile(serverId));
            queue.succeeded(serverId);
        } catch (RuntimeException e) {
            outcome = passFailures.failed(serverId, e);
        } finally {
            queue.done(serverId);
            FacadeMeters.reconcilePass(outcome, System.nanoTime() - started);
        }
    }

    void reconcile(String serverId) {
        Deadline.checkpoint();
        Optional<ServerRecord> found = store.server(serverId);
        if (found.isEmpty()) {
            return;
        }
        ServerRecord record = found.get();
        ServerSpec spec = record.getSpec();
        VclusterNames names = new VclusterNames(serverId, spec.getRelease(), spec.getHostNamespace());
        if (spec.isDeleteRequested()) {
            securityGroups.forget(serverId); // the namespace goes, and its policies with it
            teardown.run(record, names);
            return;
        }
        if (timedIntents.recordIfDue(record)) {
            return;
        }
        Optional<String> unplaced = Placement.faultOf(spec);
        if (unplaced.isPresent()) {
            // no host could take it at create: ERROR with Nova's fault, its create action failed, nothing on any host
            if (record.getStatus() == null || !NovaStates.VM_ERROR.equals(record.getStatus().getVmState())) {
                failPersistently(serverId, unplaced.get());
            }
            return;
        }
        HostObservation observed = observer.observe(names);
        ServerStatus status = record.getStatus();
        Long generation = record.getMetadata().getGeneration();
        boolean applied = status != null && Objects.equals(status.getObservedGeneration(), generation);
        // the Service's address as the create of this pass answered it: the host cache shows it only later
        VclusterProvisioner.Provisioned provisioned = VclusterProvisioner.Provisioned.NOTHING_NEW;
        // an offloaded shelve keeps nothing on the host: its objects are not put back until an unshelve
        boolean offloaded = PowerIntents.SHELVED_OFFLOADED.equals(PowerIntents.onHost(record));
        if (!offloaded && (!applied || !observed.namespacePresent() || observed.workload().isEmpty()
                || provisioner.takesOver(observed))) {
            long currentGeneration = generation == null ? 0 : generation;
            if (helmRefusals.givenUp(serverId, currentGeneration)) {
                return; // ERROR with Helm's message already: nothing to do until the record changes
            }
            boolean emptyNamespace = ensureNamespace(record, names);
            Deadline.checkpoint();
            ServerRecord applying = record;
            try {
                provisioned = provisioner.ensure(Renders.desired(record, names, observed,
                        () -> rebuilds.forFirstInstall(PowerOperations.withoutReplicas(Renders.render(applying, names),
                                observed), applying, observed),
                        emptyNamespace));
                helmRefusals.cleared(serverId);
                HostOperationLog.performed("applied the vcluster's objects in " + names.namespace() + " (generation "
                        + currentGeneration + ")", HostOperationLog.cause(record));
            } catch (HelmClient.HelmException e) {
                if (!e.transientFailure()
                        && helmRefusals.refused(serverId, currentGeneration) >= PERSISTENT_FAILURES) {
                    failPersistently(serverId, HelmFailures.fault(e.getMessage()));
                }
                throw e;
            }
        }
        securityGroups.ensure(record, names);
        Deadline.checkpoint();
        // power verbs: host operations first (they may enter events in the status), then Nova's view of the result
        Optional<String> refused = Optional.empty();
        try {
            // a restore (rebuild from a snapshot) holds the vcluster paused until its restore pod has succeeded
            if (!rebuilds.ownsPower(record, names) && !rescues.holdsPower(record, names)) {
                record = power.drive(record, names, observed);
                Optional<String> offloading = HostOperationLog.cause(record);
                record = power.offload(record, names, observed, () -> teardown.removeFromHost(names, offloading));
            }
        } catch (KubernetesClientException e) {
            if (!PowerOperations.refusedForGood(e)) {
                throw e;
            }
            refused = Optional.of("the host cluster refused a power operation: " + e.getMessage());
        }
        DerivedState derived = refused.isPresent()
                ? new DerivedState(NovaStates.VM_ERROR, Optional.empty(), NovaStates.POWER_NOSTATE, refused)
                : StateDeriver.derive(intent(record), false, everActive(record), observed);
        ServerRecord current = record;
        java.util.function.Supplier<Optional<VclusterProvisioner.RolloutMarker>> marker = () -> provisioner.marker(
                Renders.desired(current, names, observed, () -> Renders.render(current, names), false));
        // a resize or revert: the rendered flavor is applied above; this follows the control plane's restart
        ResizeProgress.Step resize = resizes.evaluate(record, derived, names, marker);
        // a createImage: vcluster's snapshot request, followed to the end (image active or killed)
        // a rebuild: vcluster's restore of a snapshot, or the control plane on a new Kubernetes version
        RebuildProgress.Step rebuild = rebuilds.drive(record, resize.derived(), names, observed, marker);
        RescueProgress.Step rescue = rescues.drive(record, rebuild.derived(), names, observed);
        Deadline.checkpoint();
        SnapshotProgress.Step snapshot = snapshots.drive(record, rescue.derived(), names);
        java.util.function.BiConsumer<ServerStatus, String> crashDump = crashDumps.drive(record, names);
        ActionProgress.Outcome progress = ActionProgress.evaluate(record, snapshot.derived(),
                power.controlPlanePodUid(names), snapshot.failed());
        Optional<String> clusterIp = provisioned.clusterIp();
        statusWriter.write(record, progress.shown(), observer.clusterIp(names).or(() -> clusterIp), generation,
                resize.bookkeeping().andThen(rebuild.bookkeeping()).andThen(rescue.bookkeeping())
                        .andThen(snapshot.bookkeeping()).andThen(crashDump)
                        .andThen(progress.bookkeeping()));
    }

    /**
     * One namespace per server, labelled as ours; marked as the vcluster CLI marks namespaces it created. One the
     * cache has not seen is created without reading it first: if it exists after all, the create answers 409.
     *
     * @return true when this call created the namespace (so nothing of the vcluster is in it yet)
     */
    private boolean ensureNamespace(ServerRecord record, VclusterNames names) {
        if (hostCache.namespace(names.namespace()).isPresent()) {
            return false;
        }
        Namespace namespace = new NamespaceBuilder()
                .withNewMetadata().withName(names.namespace())
                .addToLabels(ownerLabels(record))
                .addToLabels("vcluster.loft.sh/created", "true")
                .addToAnnotations("vcluster.loft.sh/created", "true")
                .endMetadata().build();
        // false: there already (the cache lags, or it is not labelled as ours)
        return ManifestProvisioner.createdNow(client, namespace);
    }

    private void failPersistently(String serverId, String message) {
        try {
            // the verb being applied, if any, ends with the failure: no task is left running on an ERROR server
            store.server(serverId).ifPresent(record -> statusWriter.write(record,
                    new DerivedState(NovaStates.VM_ERROR, Optional.empty(), NovaStates.POWER_NOSTATE, Optional.of(message)),
                    Optional.empty(), record.getStatus() == null ? null : record.getStatus().getObservedGeneration(),
                    Records.pendingAction(record).map(action -> ActionProgress.failed(action, message))
                            .orElse((status, now) -> { })));
        } catch (KubernetesClientException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record the failure of " + serverId + ": " + e.getMessage());
        }
    }

    public static Map<String, String> ownerLabels(ServerRecord record) {
        return Map.of(Records.LABEL_SERVER_ID, record.getMetadata().getName(),
                Records.LABEL_PROJECT_ID, record.getSpec().getProjectId());
    }

    static boolean everActive(ServerRecord record) {
        return record.getStatus() != null && record.getStatus().isEverActive();
    }

    /** The intent the host follows ({@link PowerIntents#onHost}: a shelve waits for its snapshot). */
    static PowerIntent intent(ServerRecord record) {
        return PowerIntent.valueOf(PowerIntents.onHost(record));
    }

    public static FlavorData flavorData(FlavorSnapshot flavor) {
        return new FlavorData(flavor.id(), flavor.name(), flavor.vcpus(), flavor.ramMb(), flavor.diskGb(),
                flavor.ephemeralGb(), flavor.swapMb(), 1.0, true, false, Optional.empty(), flavor.extraSpecs());
    }

    @Override
    public void close() {
        running = false;
        FacadeMeters.reconcileQueue(() -> 0);
        queue.close();
        workers.forEach(Thread::interrupt);
        archiveStores.close();
        for (Thread worker : workers) {
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
