package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.openvcluster.server.kube.host.ConsoleLogs;
import io.openvcluster.server.kube.snapshot.SnapshotPods;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.translator.VclusterManifests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Plays, in the sandbox, the parts of a real cluster that the CRUD mock lacks, for vcluster workloads
 * ({@code app=vcluster}) only: the StatefulSet controller (pods and PVCs from the template, status), the kubelet
 * (pods Running and Ready; a deleted pod is recreated), the vcluster control plane itself (it exports its kubeconfig as Secret
 * {@code vc-<release>}) and the namespace controller (deleting a namespace
 * deletes what is left in it). Every change takes effect after a fixed delay, never instantly. Idempotent: it is
 * driven by informers plus a periodic sweep, and acts on the current state, not on the event.
 */
public final class HostSimulator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HostSimulator.class.getName());
    private static final Map<String, String> VCLUSTER = Map.of("app", "vcluster");
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
    private static final String SNAPSHOT_FINALIZER = "vcluster.loft.sh/snapshot-controller";

    private final KubernetesClient client;
    private final Duration delay;
    /** The simulated snapshot store: archive URL → the request that wrote it. */
    private final Map<String, String> snapshots = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ovc-host-simulator");
        t.setDaemon(true);
        return t;
    });
    /** Keys ("sts/ns/name" or "ns/name") with a pending, delayed action: later events for them are merged into it. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<StatefulSet> statefulSets;
    private SharedIndexInformer<ConfigMap> snapshotRequests;
    /** Sweeps since the last one that listed from the API server rather than from the informers' caches. */
    private int sweepsSinceLiveList;

    public HostSimulator(KubernetesClient client, Duration delay) {
        this.client = client;
        this.delay = delay;
    }

    public void start() {
        statefulSets = client.apps().statefulSets().inAnyNamespace().withLabels(VCLUSTER).inform(handler(
                sts -> schedule("sts/" + key(sts), () -> settleStatefulSet(ns(sts), sts.getMetadata().getName())),
                sts -> { }));
        informers.add(statefulSets);
        // a deleted control-plane pod (reboot) is recreated by its StatefulSet, as the controller does
        informers.add(client.pods().inAnyNamespace().withLabels(VCLUSTER).inform(handler(
                pod -> { },
                pod -> owningStatefulSet(pod).ifPresent(sts -> schedule("sts/" + ns(pod) + "/" + sts,
                        () -> settleStatefulSet(ns(pod), sts))))));
        informers.add(client.namespaces().inform(handler(
                ns -> { },
                ns -> schedule("ns/" + ns.getMetadata().getName(), () -> cascadeDelete(ns.getMetadata().getName())))));
        informers.add(client.pods().inAnyNamespace().withLabel("app", SnapshotPods.APP_LABEL_VALUE).inform(handler(
                pod -> schedule("snappod/" + key(pod), () -> runSnapshotPod(ns(pod), pod.getMetadata().getName())),
                pod -> { })));
        snapshotRequests = client.configMaps().inAnyNamespace().withLabel(SnapshotRequests.LABEL_REQUEST).inform(handler(
                cm -> schedule("snap/" + key(cm), () -> processSnapshotRequest(ns(cm), cm.getMetadata().getName())),
                cm -> { }));
        informers.add(snapshotRequests);
        long sweepMillis = Math.max(delay.toMillis(), 1000);
        executor.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        executor.shutdownNow();
    }

    private void schedule(String key, Runnable action) {
        if (!pending.add(key) || executor.isShutdown()) {
            return;
        }
        executor.schedule(() -> {
            pending.remove(key);
            try {
                action.run();
            } catch (KubernetesClientException e) {
                // A conflict or a vanished object: the next event or sweep acts on the new state.
                LOG.log(System.Logger.Level.DEBUG, "simulator action on " + key + " failed: " + e.getMessage());
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The archives the simulated snapshot controller has written and not yet deleted. */
    public Set<String> storedSnapshots() {
        return Set.copyOf(snapshots.keySet());
    }

    /**
     * The store's own delete, as its S3 endpoint receives it from the facade ({@link SandboxS3Endpoint}).
     *
     * @return true when the archive was there
     */
    public boolean deleteArchive(String url) {
        return snapshots.remove(url) != null;
    }

    /** Fault injection: the store loses an archive (a restore from it then fails, as with a deleted object). */
    public void loseSnapshot(String url) {
        snapshots.remove(url);
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
            for (ConfigMap cm : live ? client.configMaps().inAnyNamespace().withLabel(SnapshotRequests.LABEL_REQUEST)
                    .list().getItems() : snapshotRequests.getStore().list()) {
                if (!TERMINAL_PHASES.contains(SnapshotRequests.status(cm).phase())) {
                    schedule("snap/" + key(cm), () -> processSnapshotRequest(ns(cm), cm.getMetadata().getName()));
                }
            }
            for (StatefulSet sts : live ? client.apps().statefulSets().inAnyNamespace().withLabels(VCLUSTER).list()
                    .getItems() : statefulSets.getStore().list()) {
                if (!settled(sts)) {
                    schedule("sts/" + key(sts), () -> settleStatefulSet(ns(sts), sts.getMetadata().getName()));
                }
            }
        } catch (KubernetesClientException | IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "simulator sweep failed: " + e.getMessage());
        }
    }

    private static final int LIVE_LIST_EVERY_SWEEPS = 60;

    private static final Set<String> TERMINAL_PHASES = Set.of(SnapshotRequests.PHASE_COMPLETED,
            SnapshotRequests.PHASE_FAILED, SnapshotRequests.PHASE_DELETED);

    /**
     * vcluster's snapshot controller, one phase per step (each after the simulator's delay): it runs inside the
     * vcluster, so only while the control plane has a ready replica, and only once the options Secret exists. A
     * snapshot goes "" → CreatingEtcdBackup → Completed (or Failed with {@link #SNAPSHOT_FAULT_ANNOTATION}'s
     * message); a delete request Deleting → DeletingEtcdBackup → Deleted. When done, the Secret is deleted and
     * the finalizer removed, as vcluster does.
     */
    private void processSnapshotRequest(String namespace, String name) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
        if (cm == null || cm.getMetadata().getLabels() == null) {
            return;
        }
        String release = cm.getMetadata().getLabels().get(SnapshotRequests.LABEL_VCLUSTER_NAME);
        StatefulSet sts = release == null ? null : client.apps().statefulSets().inNamespace(namespace).withName(release).get();
        boolean running = sts != null && replicas(sts) > 0 && sts.getStatus() != null
                && sts.getStatus().getReadyReplicas() != null && sts.getStatus().getReadyReplicas() > 0;
        if (!running || client.secrets().inNamespace(namespace).withName(name).get() == null) {
            return;
        }
        SnapshotRequests.RequestStatus status = SnapshotRequests.status(cm);
        String fault = sts.getMetadata().getAnnotations() == null ? null
                : sts.getMetadata().getAnnotations().get(SNAPSHOT_FAULT_ANNOTATION);
        switch (status.phase()) {
            case "" -> writePhase(cm, SnapshotRequests.PHASE_CREATING, Optional.empty(), false);
            case SnapshotRequests.PHASE_CREATING -> {
                if (fault != null) {
                    writePhase(cm, SnapshotRequests.PHASE_FAILED, Optional.of(fault), true);
                } else {
                    snapshots.put(status.url(), name);
                    writePhase(cm, SnapshotRequests.PHASE_COMPLETED, Optional.empty(), true);
                }
            }
            case SnapshotRequests.PHASE_DELETING -> writePhase(cm, SnapshotRequests.PHASE_DELETING_BACKUP,
                    Optional.empty(), false);
            case SnapshotRequests.PHASE_DELETING_BACKUP -> {
                snapshots.remove(status.url());
                writePhase(cm, SnapshotRequests.PHASE_DELETED, Optional.empty(), true);
            }
            default -> { }
        }
    }

    /**
     * The kubelet running vcluster's snapshot or restore pod to completion: Pending → Running → Succeeded (a
     * snapshot's archive is then in the store), or Failed with {@link #SNAPSHOT_FAULT_ANNOTATION}'s message as the
     * container's termination message.
     */
    private void runSnapshotPod(String namespace, String name) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String phase = SnapshotPods.phase(pod);
        String now = Instant.now().toString();
        if (phase.equals("Pending")) {
            pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").withStartTime(now)
                    .build());
            client.resource(pod).updateStatus();
            return;
        }
        if (!phase.equals("Running")) {
            return;
        }
        String release = pod.getMetadata().getLabels().get("release");
        StatefulSet sts = release == null ? null : client.apps().statefulSets().inNamespace(namespace).withName(release).get();
        String fault = sts == null || sts.getMetadata().getAnnotations() == null ? null
                : sts.getMetadata().getAnnotations().get(container(pod)
                        .getCommand().contains("restore") ? RESTORE_FAULT_ANNOTATION : SNAPSHOT_FAULT_ANNOTATION);
        var container = pod.getSpec().getContainers().getFirst();
        Optional<String> url = container.getEnv().stream().filter(e -> e.getName().equals(SnapshotPods.OPTIONS_ENV))
                .findFirst().flatMap(e -> archiveUrl(e.getValue()));
        if (fault == null && container.getCommand().contains("snapshot")) {
            url.ifPresent(u -> snapshots.put(u, name));
        }
        // a restore reads the archive: one that is not in the store fails as vcluster's would
        if (fault == null && container.getCommand().contains("restore")
                && (url.isEmpty() || !snapshots.containsKey(url.get()))) {
            fault = "snapshot " + url.orElse("(no url)") + " not found in the store";
        }
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                .withPhase(fault == null ? "Succeeded" : "Failed").withStartTime(pod.getStatus().getStartTime())
                .addNewContainerStatus().withName(container.getName()).withReady(false).withNewState().withNewTerminated()
                .withExitCode(fault == null ? 0 : 1).withMessage(fault).withFinishedAt(now).endTerminated().endState()
                .endContainerStatus()
                .build());
        client.resource(pod).updateStatus();
    }

    private static io.fabric8.kubernetes.api.model.Container container(Pod pod) {
        return pod.getSpec().getContainers().getFirst();
    }

    /** The archive URL that vcluster's storage options name (base64 JSON, as in VCLUSTER_STORAGE_OPTIONS). */
    private static Optional<String> archiveUrl(String optionsBase64) {
        try {
            var options = io.openvcluster.api.Json.MAPPER.readTree(Base64.getDecoder().decode(optionsBase64));
            return switch (options.path("type").asText()) {
                case "container" -> Optional.of("container://" + options.at("/container/path").asText());
                case "s3" -> Optional.of("s3://" + options.at("/s3/bucket").asText() + "/"
                        + options.at("/s3/key").asText());
                case "oci" -> Optional.of("oci://" + options.at("/oci/repository").asText());
                default -> Optional.empty();
            };
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void writePhase(ConfigMap cm, String phase, Optional<String> error, boolean done) {
        String name = cm.getMetadata().getName();
        Map<String, String> data = new HashMap<>(cm.getData());
        data.put(SnapshotRequests.REQUEST_KEY, SnapshotRequests.withPhase(data.get(SnapshotRequests.REQUEST_KEY),
                phase, error));
        cm.setData(data);
        List<String> finalizers = new ArrayList<>(cm.getMetadata().getFinalizers() == null ? List.of()
                : cm.getMetadata().getFinalizers());
        if (done) {
            finalizers.remove(SNAPSHOT_FINALIZER);
        } else if (!finalizers.contains(SNAPSHOT_FINALIZER)) {
            finalizers.add(SNAPSHOT_FINALIZER);
        }
        cm.getMetadata().setFinalizers(finalizers);
        client.resource(cm).update();
        if (done) {
            client.secrets().inNamespace(ns(cm)).withName(name).delete();
        }
    }

    private static boolean settled(StatefulSet sts) {
        StatefulSetStatus status = sts.getStatus();
        return status != null && Objects.equals(status.getReplicas(), replicas(sts))
                && Objects.equals(status.getObservedGeneration(), sts.getMetadata().getGeneration());
    }

    private void settleStatefulSet(String namespace, String name) {
        StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        if (sts == null || sts.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        int replicas = replicas(sts);
        replaceOutdatedPods(sts);
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            ensurePod(sts, ordinal);
            ensureClaims(sts, ordinal);
        }
        crashRunningPods(sts);
        client.pods().inNamespace(namespace).withLabels(sts.getSpec().getSelector().getMatchLabels()).list().getItems()
                .stream()
                .filter(pod -> ordinal(pod, name) >= replicas)
                .forEach(pod -> client.resource(pod).delete());
        if (replicas > 0) {
            ensureKubeconfigSecret(namespace, name);
        }
        writeStatus(sts, replicas);
    }

    private static int replicas(StatefulSet sts) {
        return sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    }

    private static int ordinal(Pod pod, String stsName) {
        String podName = pod.getMetadata().getName();
        if (!podName.startsWith(stsName + "-")) {
            return Integer.MAX_VALUE;
        }
        try {
            return Integer.parseInt(podName.substring(stsName.length() + 1));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /**
     * The StatefulSet controller's rolling update: a pod whose {@code vClusterConfigHash} differs from the template's
     * (new vcluster values, e.g. a resize) is deleted, and recreated from the new template just after.
     */
    private void replaceOutdatedPods(StatefulSet sts) {
        Map<String, String> template = sts.getSpec().getTemplate().getMetadata().getAnnotations();
        String wanted = template == null ? null : template.get(VclusterManifests.CONFIG_HASH_ANNOTATION);
        client.pods().inNamespace(ns(sts)).withLabels(sts.getSpec().getSelector().getMatchLabels()).list().getItems()
                .stream()
                .filter(pod -> ordinal(pod, sts.getMetadata().getName()) != Integer.MAX_VALUE)
                .filter(pod -> !Objects.equals(wanted, pod.getMetadata().getAnnotations() == null ? null
                        : pod.getMetadata().getAnnotations().get(VclusterManifests.CONFIG_HASH_ANNOTATION)))
                .forEach(pod -> client.resource(pod).delete());
    }

    /** The pod a StatefulSet controller would create, already scheduled, started and Ready. */
    private void ensurePod(StatefulSet sts, int ordinal) {
        String podName = sts.getMetadata().getName() + "-" + ordinal;
        if (client.pods().inNamespace(ns(sts)).withName(podName).get() != null) {
            return;
        }
        Map<String, String> labels = new HashMap<>(sts.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("statefulset.kubernetes.io/pod-name", podName);
        String now = Instant.now().toString();
        String fault = faultOf(sts);
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(ns(sts)).withLabels(labels)
                .withAnnotations(sts.getSpec().getTemplate().getMetadata().getAnnotations())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
                        .withName(sts.getMetadata().getName()).withUid(sts.getMetadata().getUid())
                        .withController(true).build())
                .endMetadata()
                .withSpec(sts.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Running").withStartTime(now).withPodIP("10.244.0." + (1 + ordinal))
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(now).endCondition()
                .addNewCondition().withType("ContainersReady").withStatus("True").withLastTransitionTime(now).endCondition()
                .endStatus()
                .build();
        pod.getMetadata().setAnnotations(withLog(pod.getMetadata().getAnnotations(), consoleLog(pod, now, fault)));
        if (fault != null) {
            crash(pod, fault);
        }
        client.resource(pod).create();
    }

    /**
     * The kubelet's view of a control plane whose StatefulSet carries the fault mark: pods already running crash too,
     * not only those created after the mark. Settles of one StatefulSet run one after the other on the simulator's
     * thread, so a pod created from a read taken just before the mark is caught by the settle the mark triggers.
     */
    private void crashRunningPods(StatefulSet sts) {
        String fault = faultOf(sts);
        if (fault == null) {
            return;
        }
        client.pods().inNamespace(ns(sts)).withLabels(sts.getSpec().getSelector().getMatchLabels()).list().getItems()
                .stream()
                .filter(pod -> ordinal(pod, sts.getMetadata().getName()) != Integer.MAX_VALUE)
                .filter(pod -> !crashed(pod, fault))
                .forEach(pod -> {
                    crash(pod, fault);
                    client.resource(pod).updateStatus();
                });
    }

    private static String faultOf(StatefulSet sts) {
        return sts.getMetadata().getAnnotations() == null ? null
                : sts.getMetadata().getAnnotations().get(POD_FAULT_ANNOTATION);
    }

    /** The container waits for {@code fault} (e.g. {@code CrashLoopBackOff}) and the pod is not Ready. */
    private static void crash(Pod pod, String fault) {
        if (pod.getStatus() == null) {
            pod.setStatus(new PodStatus());
        }
        pod.getStatus().setConditions(List.of());
        pod.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder()
                .withName("syncer").withReady(false).withNewState().withNewWaiting().withReason(fault)
                .endWaiting().endState().build()));
    }

    private static boolean crashed(Pod pod, String fault) {
        return pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream().anyMatch(c -> c.getState() != null
                && c.getState().getWaiting() != null && fault.equals(c.getState().getWaiting().getReason()));
    }

    private void ensureClaims(StatefulSet sts, int ordinal) {
        if (sts.getSpec().getVolumeClaimTemplates() == null) {
            return;
        }
        for (PersistentVolumeClaim template : sts.getSpec().getVolumeClaimTemplates()) {
            String claimName = template.getMetadata().getName() + "-" + sts.getMetadata().getName() + "-" + ordinal;
            if (client.persistentVolumeClaims().inNamespace(ns(sts)).withName(claimName).get() == null) {
                client.resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata().withName(claimName).withNamespace(ns(sts))
                        .withLabels(sts.getSpec().getSelector().getMatchLabels()).endMetadata()
                        .withSpec(template.getSpec())
                        .withNewStatus().withPhase("Bound").endStatus()
                        .build()).create();
            }
        }
    }

    private void writeStatus(StatefulSet sts, int replicas) {
        StatefulSetStatus wanted = new StatefulSetStatusBuilder()
                .withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .withCurrentReplicas(replicas).withUpdatedReplicas(replicas)
                .withObservedGeneration(sts.getMetadata().getGeneration())
                .build();
        if (wanted.equals(sts.getStatus())) {
            return;
        }
        sts.setStatus(wanted);
        client.resource(sts).updateStatus();
    }

    /**
     * The pod's log, kept where the facade's console reads it in the sandbox (the mock API has no pod logs): honest
     * about being simulated, and naming what the simulator did.
     */
    private static String consoleLog(Pod pod, String now, String fault) {
        String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        String image = pod.getSpec() == null || pod.getSpec().getContainers() == null
                || pod.getSpec().getContainers().isEmpty() ? "(none)" : pod.getSpec().getContainers().get(0).getImage();
        StringBuilder log = new StringBuilder()
                .append(now).append(" sandbox: no vcluster runs in the sandbox; this log is written by its host simulator\n")
                .append(now).append(" sandbox: pod ").append(name).append(" scheduled and started (image ")
                .append(image).append(")\n");
        if (fault != null) {
            log.append(now).append(" sandbox: container syncer waiting: ").append(fault).append(" (fault injected with ")
                    .append(POD_FAULT_ANNOTATION).append(")\n");
        } else {
            log.append(now).append(" sandbox: control plane Ready; kubeconfig exported as Secret vc-")
                    .append(pod.getMetadata().getLabels().getOrDefault("release", "?")).append("\n");
        }
        return log.toString();
    }

    private static Map<String, String> withLog(Map<String, String> annotations, String log) {
        Map<String, String> result = new HashMap<>(annotations == null ? Map.of() : annotations);
        result.put(ConsoleLogs.SANDBOX_LOG_ANNOTATION, log);
        return result;
    }

    /** What the vcluster control plane writes once it is up: its kubeconfig, pointing at the pod's own port. */
    private void ensureKubeconfigSecret(String namespace, String release) {
        String name = "vc-" + release;
        if (client.secrets().inNamespace(namespace).withName(name).get() != null) {
            return;
        }
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: my-vcluster
                  cluster:
                    server: https://localhost:8443
                    insecure-skip-tls-verify: true
                contexts:
                - name: my-vcluster
                  context:
                    cluster: my-vcluster
                    user: my-vcluster
                current-context: my-vcluster
                users:
                - name: my-vcluster
                  user:
                    token: sandbox-simulated-vcluster-token
                """;
        Secret secret = new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(Map.of("app", "vcluster", "vcluster-name", release)).endMetadata()
                .withType("Opaque")
                .withData(Map.of("config", Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8))))
                .build();
        client.resource(secret).create();
    }

    /** The namespace controller: once a namespace is gone, nothing is left in it. */
    private void cascadeDelete(String namespace) {
        if (client.namespaces().withName(namespace).get() != null) {
            return;
        }
        Stream.<Runnable>of(
                () -> client.apps().statefulSets().inNamespace(namespace).delete(),
                () -> client.apps().deployments().inNamespace(namespace).delete(),
                () -> client.pods().inNamespace(namespace).delete(),
                () -> client.services().inNamespace(namespace).delete(),
                () -> client.secrets().inNamespace(namespace).delete(),
                () -> client.configMaps().inNamespace(namespace).delete(),
                () -> client.serviceAccounts().inNamespace(namespace).delete(),
                () -> client.rbac().roles().inNamespace(namespace).delete(),
                () -> client.rbac().roleBindings().inNamespace(namespace).delete(),
                () -> client.resourceQuotas().inNamespace(namespace).delete(),
                () -> client.limitRanges().inNamespace(namespace).delete(),
                () -> client.persistentVolumeClaims().inNamespace(namespace).delete())
                .forEach(Runnable::run);
    }

    private static Optional<String> owningStatefulSet(Pod pod) {
        return pod.getMetadata().getOwnerReferences() == null ? Optional.empty()
                : pod.getMetadata().getOwnerReferences().stream().filter(o -> "StatefulSet".equals(o.getKind()))
                        .map(OwnerReference::getName).findFirst();
    }

    private static String ns(HasMetadata resource) {
        return resource.getMetadata().getNamespace();
    }

    private static String key(HasMetadata resource) {
        return ns(resource) + "/" + resource.getMetadata().getName();
    }

    /** A handler that reacts to additions and updates with one action and to deletions with another. */
    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> onChange, Consumer<T> onDelete) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onDelete.accept(obj);
            }
        };
    }
}
