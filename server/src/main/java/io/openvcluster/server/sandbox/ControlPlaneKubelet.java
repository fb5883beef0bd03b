package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.kube.host.ConsoleLogs;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Plays the kubelet for the vcluster control-plane pods: a pod is scheduled, started and Ready as soon as it is
 * created, and carries its console log in an annotation (the mock API serves no pod logs). With the fault mark
 * ({@link HostSimulator#POD_FAULT_ANNOTATION}) on its StatefulSet, its container {@code syncer} waits for that reason
 * instead and the pod is not Ready, as with a failing control plane.
 */
final class ControlPlaneKubelet {
    private final KubernetesClient client;

    ControlPlaneKubelet(KubernetesClient client) {
        this.client = client;
    }

    /** The reason the pods of {@code sts} are made to wait for (e.g. {@code CrashLoopBackOff}), or null. */
    static String faultOf(StatefulSet sts) {
        return sts.getMetadata().getAnnotations() == null ? null
                : sts.getMetadata().getAnnotations().get(HostSimulator.POD_FAULT_ANNOTATION);
    }

    /**
     * Gives a pod not yet created the status the kubelet reports once it runs it (Running, Ready and ContainersReady,
     * or crashed with {@code fault} when that is not null) and its console log.
     */
    void start(Pod pod, int ordinal, String fault) {
        String now = Instant.now().toString();
        pod.setStatus(new PodStatusBuilder()
                .withPhase("Running").withStartTime(now).withPodIP("10.244.0." + (1 + ordinal))
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(now).endCondition()
                .addNewCondition().withType("ContainersReady").withStatus("True").withLastTransitionTime(now).endCondition()
                .build());
        pod.getMetadata().setAnnotations(withLog(pod.getMetadata().getAnnotations(), consoleLog(pod, now, fault)));
        if (fault != null) {
            crash(pod, fault);
        }
    }

    /**
     * The kubelet's view of a control plane whose StatefulSet carries the fault mark: pods already running crash too,
     * not only those created after the mark. Each is updated in place (its status), not replaced.
     */
    void crashRunning(Stream<Pod> pods, String fault) {
        pods.filter(pod -> !crashed(pod, fault))
                .forEach(pod -> {
                    crash(pod, fault);
                    client.resource(pod).updateStatus();
                });
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
                    .append(HostSimulator.POD_FAULT_ANNOTATION).append(")\n");
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
}
