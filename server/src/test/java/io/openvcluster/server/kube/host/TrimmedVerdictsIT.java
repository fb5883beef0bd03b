package io.openvcluster.server.kube.host;

import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.progress.PowerOperations;
import io.openvcluster.server.kube.progress.ResizeProgress;
import io.openvcluster.server.kube.provision.VclusterProvisioner;
import io.openvcluster.server.kube.snapshot.SnapshotPods;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import io.openvcluster.translator.ChartLabels;
import io.openvcluster.translator.HostObservation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host cache keeps a record of facts per object ({@link CompactItemStore}, {@link HostObjects}); this test fails
 * if a reader derives from the record anything else than it derived from the whole object. It records every version
 * of every host object the sandbox's simulator produces while one server goes through the verbs (build, stop, a
 * snapshot pod, start, a snapshot request, pause, suspend, hard reboot, resize, a restore pod, a crash), and checks
 * that what the readers derive from each is the same as the readers of the whole object (the code the reconciler
 * ran before the compact cache) derived, and that caching leaves the informer's object as it was.
 */
@SandboxBackendTest(simulatorDelayMillis = 50)
class TrimmedVerdictsIT {
    private static KubernetesClient client;
    private static Domain compute;
    private static ServerSteps steps;
    private static final Queue<HasMetadata> SEEN = new ConcurrentLinkedQueue<>();
    private static final List<SharedIndexInformer<?>> RECORDERS = new ArrayList<>();

    @BeforeAll
    static void record() {
        RECORDERS.add(client.namespaces().withLabel(Records.LABEL_SERVER_ID).inform(recorder()));
        RECORDERS.add(client.apps().statefulSets().inAnyNamespace().withLabel(ChartLabels.APP, ChartLabels.APP_VCLUSTER)
                .inform(recorder()));
        RECORDERS.add(client.pods().inAnyNamespace().withLabel(ChartLabels.APP, ChartLabels.APP_VCLUSTER)
                .inform(recorder()));
        RECORDERS.add(client.pods().inAnyNamespace().withLabel(ChartLabels.APP, SnapshotPods.APP_LABEL_VALUE)
                .inform(recorder()));
        RECORDERS.add(client.services().inAnyNamespace().withLabel(ChartLabels.APP, ChartLabels.APP_VCLUSTER)
                .inform(recorder()));
        RECORDERS.add(client.secrets().inAnyNamespace().withLabel(ChartLabels.APP, ChartLabels.APP_VCLUSTER)
                .inform(recorder()));
        RECORDERS.add(client.configMaps().inAnyNamespace().withLabel(SnapshotRequests.LABEL_REQUEST)
                .inform(recorder()));
    }

    @AfterAll
    static void stopRecording() {
        RECORDERS.forEach(SharedIndexInformer::close);
    }

    @Test
    void everyReaderDerivesTheSameFromTheSlimCopyOfEveryObjectTheSimulatorProduces() {
        Caller user = Fixtures.caller("user-trim", "project-trim", "member");
        ServerData server = steps.active(user, "trimmed");
        String id = server.id();
        verb(user, id, new ServerAction.Stop(), "stopped");
        // a stopped server is snapshot by a snapshot pod
        String cold = steps.snapshot(user, id, "cold");
        verb(user, id, new ServerAction.Start(), "active");
        // a running one by a snapshot request to its own controller
        steps.snapshot(user, id, "warm");
        verb(user, id, new ServerAction.Pause(), "paused");
        verb(user, id, new ServerAction.Unpause(), "active");
        verb(user, id, new ServerAction.Suspend(), "suspended");
        verb(user, id, new ServerAction.Resume(), "active");
        verb(user, id, new ServerAction.Reboot(true), "active");
        verb(user, id, new ServerAction.Resize("2"), "resized");
        verb(user, id, new ServerAction.ConfirmResize(), "active");
        // a rebuild from a snapshot runs vcluster's restore pod
        compute.servers().rebuildServer(again(user), id, new ServerAction.Rebuild(cold, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        steps.awaitIdle(user, id, "active");
        steps.crash(id);
        steps.awaitIdle(user, id, "error");

        // the recorder's watches may trail the facade's: wait until they have seen the states that matter
        Eventually.await("the recording holds every state", () -> missing(List.copyOf(SEEN)).isEmpty());
        List<HasMetadata> seen = List.copyOf(SEEN);
        for (HasMetadata whole : seen) {
            HasMetadata before = client.getKubernetesSerialization().clone(whole);
            List<Object> cached = cachedVerdicts(whole);
            assertEquals(before, whole, "caching changed the informer's object");
            assertEquals(verdicts(whole), cached, () -> whole.getKind() + " "
                    + whole.getMetadata().getName() + " rv " + whole.getMetadata().getResourceVersion());
        }
        assertEquals(Set.of(), missing(seen));
    }

    /**
     * The states the comparison must have covered and that {@code seen} lacks: control-plane pods Running and
     * CrashLoopBackOff, snapshot pods Running and Succeeded, a Completed snapshot request, the pause and restore marks.
     */
    private static Set<String> missing(List<HasMetadata> seen) {
        Set<String> covered = new HashSet<>();
        for (HasMetadata o : seen) {
            switch (o) {
                case Pod pod when pod.getMetadata().getName().startsWith("vcluster-") ->
                        covered.add("snapshot pod " + SnapshotPods.phase(pod));
                case Pod pod -> covered.add("pod " + HostObserver.podStatus(pod));
                case ConfigMap request -> covered.add("request " + SnapshotRequests.status(request).phase());
                case StatefulSet sts -> HostObserver.workload(sts).annotations().keySet()
                        .forEach(a -> covered.add("mark " + a));
                default -> { }
            }
        }
        Set<String> wanted = new HashSet<>(Set.of("pod Running", "pod CrashLoopBackOff", "snapshot pod Running",
                "snapshot pod Succeeded", "request " + SnapshotRequests.PHASE_COMPLETED, "mark " + PowerOperations.PAUSED,
                "mark " + HostObservation.RESTORING_ANNOTATION));
        wanted.removeAll(covered);
        return wanted;
    }

    /**
     * What the facade's readers derived from a whole object before the compact cache: {@link HostObserver} (pod
     * status, workload, the Service's address), {@link PowerOperations#controlPlanePodUid} (uid unless terminating),
     * {@link ResizeProgress} (Ready, rollout markers on the pod and on the StatefulSet's template), {@link
     * SnapshotPods} and {@link SnapshotRequests} (snapshot pods and requests), {@link HostCache#serverOfNamespace}
     * and the namespace's deletion, a console's LoadBalancer address, a Secret's existence.
     */
    static List<Object> verdicts(HasMetadata whole) {
        List<Object> verdicts = identity(whole);
        switch (whole) {
            case Pod pod -> {
                verdicts.add(HostObserver.podStatus(pod));
                verdicts.add(Optional.ofNullable(pod.getMetadata().getDeletionTimestamp() == null
                        ? pod.getMetadata().getUid() : null));
                verdicts.add(HostObjects.ready(pod));
                verdicts.add(markers(pod.getMetadata().getAnnotations(), pod.getMetadata().getAnnotations()));
                verdicts.add(SnapshotPods.phase(pod));
                verdicts.add(SnapshotPods.failure(pod));
            }
            case StatefulSet sts -> {
                verdicts.add(HostObserver.workload(sts));
                verdicts.add(markers(templateAnnotations(sts), templateAnnotations(sts)));
            }
            case ConfigMap request -> verdicts.add(SnapshotRequests.status(request));
            case Namespace ns -> {
                verdicts.add(Optional.ofNullable(ns.getMetadata().getLabels())
                        .map(l -> l.get(Records.LABEL_SERVER_ID)));
                verdicts.add(ns.getMetadata().getDeletionTimestamp() != null);
            }
            case Service service -> {
                verdicts.add(Optional.ofNullable(service.getSpec().getClusterIP())
                        .filter(ip -> !ip.isBlank() && !"None".equals(ip)));
                verdicts.add(loadBalancerHost(service));
            }
            case Secret secret -> verdicts.add("exists");
            default -> throw new AssertionError("not a host cache kind: " + whole.getKind());
        }
        return verdicts;
    }

    /**
     * What the readers derive now from what the host cache keeps of {@code whole}, through a store as the informer
     * fills it (the key and version are those of the skeleton the informer gets back).
     */
    static List<Object> cachedVerdicts(HasMetadata whole) {
        CompactItemStore<HasMetadata, HostObjects.Cached> store = new CompactItemStore<>(TrimmedVerdictsIT::cached,
                (meta, kept) -> {
                    GenericKubernetesResource skeleton = new GenericKubernetesResource();
                    skeleton.setMetadata(meta);
                    return skeleton;
                });
        String key = store.getKey(whole);
        store.put(key, whole);
        List<Object> verdicts = identity(store.get(key));
        Map<String, String> wholeMarkers = whole instanceof StatefulSet sts ? templateAnnotations(sts)
                : whole.getMetadata().getAnnotations();
        switch (store.cached(key).orElseThrow()) {
            case HostObjects.CachedPod pod -> {
                verdicts.add(pod.status());
                verdicts.add(pod.liveUid());
                verdicts.add(pod.ready());
                verdicts.add(markers(pod.markers(), wholeMarkers));
                verdicts.add(pod.phase());
                verdicts.add(pod.failure());
            }
            case HostObjects.CachedStatefulSet sts -> {
                verdicts.add(sts.workload());
                verdicts.add(markers(sts.templateMarkers(), wholeMarkers));
            }
            case HostObjects.CachedSnapshotRequest request -> verdicts.add(request.status());
            case HostObjects.CachedNamespace ns -> {
                verdicts.add(ns.server());
                verdicts.add(ns.terminating());
            }
            case HostObjects.CachedService service -> {
                verdicts.add(Optional.of(service.clusterIp()).filter(ip -> !ip.isBlank() && !"None".equals(ip)));
                verdicts.add(service.loadBalancerHost());
            }
            case HostObjects.CachedSecret secret -> verdicts.add("exists");
        }
        return verdicts;
    }

    private static HostObjects.Cached cached(HasMetadata whole) {
        return switch (whole) {
            case Pod pod -> HostObjects.CachedPod.of(pod);
            case StatefulSet sts -> HostObjects.CachedStatefulSet.of(sts);
            case ConfigMap request -> HostObjects.CachedSnapshotRequest.of(request);
            case Namespace ns -> HostObjects.CachedNamespace.of(ns);
            case Service service -> HostObjects.CachedService.of(service);
            case Secret secret -> HostObjects.CachedSecret.of(secret);
            default -> throw new AssertionError("not a host cache kind: " + whole.getKind());
        };
    }

    private static List<Object> identity(HasMetadata object) {
        return new ArrayList<>(List.of(object.getMetadata().getNamespace() + "/" + object.getMetadata().getName(),
                String.valueOf(object.getMetadata().getResourceVersion())));
    }

    /** As the console read a LoadBalancer Service: the first ingress's host name, else its IP, if not blank. */
    private static Optional<String> loadBalancerHost(Service service) {
        if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return Optional.empty();
        }
        for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
            String host = ingress.getHostname() != null ? ingress.getHostname() : ingress.getIp();
            if (host != null && !host.isBlank()) {
                return Optional.of(host);
            }
        }
        return Optional.empty();
    }

    /** For each rollout marker the whole object carries: does {@code annotations} carry it too. */
    private static Map<String, Boolean> markers(Map<String, String> annotations, Map<String, String> whole) {
        return HostObjects.ROLLOUT_MARKERS.stream().filter(a -> whole != null && whole.containsKey(a))
                .collect(Collectors.toMap(a -> a, a -> ResizeProgress.carries(annotations,
                        new VclusterProvisioner.RolloutMarker(a, whole.get(a)))));
    }

    private static Map<String, String> templateAnnotations(StatefulSet sts) {
        return sts.getSpec() == null || sts.getSpec().getTemplate() == null
                || sts.getSpec().getTemplate().getMetadata() == null ? null
                : sts.getSpec().getTemplate().getMetadata().getAnnotations();
    }

    private static void verb(Caller user, String id, ServerAction action, String vmState) {
        compute.servers().performAction(again(user), id, action);
        steps.awaitIdle(user, id, vmState);
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> recorder() {
        return HostCache.handler(SEEN::add);
    }
}
