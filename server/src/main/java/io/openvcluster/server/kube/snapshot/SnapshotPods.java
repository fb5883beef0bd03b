package io.openvcluster.server.kube.snapshot;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.translator.VclusterNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * vcluster's snapshot and restore pod (vcluster's {@code pkg/snapshot/pod}), for a vcluster whose control plane is
 * down (no in-pod controller to process a request): a copy of the control plane's pod template with one container
 * {@code snapshot} running the syncer image's {@code /vcluster snapshot} (or {@code restore}), the storage options in
 * {@code VCLUSTER_STORAGE_OPTIONS}, and the data volume bound to PVC {@code data-<release>-0}. It runs to completion
 * ({@code restartPolicy: Never}); exit 0 is success. docs/images.md lists the pod's fields for a snapshot
 * ("createImage: what a snapshot is") and a restore ("rebuild").
 */
public final class SnapshotPods {
    public static final String APP_LABEL_VALUE = "vcluster-snapshot";
    public static final String OPTIONS_ENV = "VCLUSTER_STORAGE_OPTIONS";
    /** A rescue pod's name suffix and container. */
    static final String RESCUE = "rescue";
    /** The label that marks a rescue pod among the tool pods (the sandbox's kubelet keeps it running). */
    public static final String RESCUE_LABEL = "compute.openvcluster.io/rescue";

    private SnapshotPods() {
    }

    public static String podName(String imageId) {
        String safe = imageId.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return "vcluster-snapshot-" + (safe.length() > 8 ? safe.substring(0, 8) : safe);
    }

    /**
     * The control plane's StatefulSet as the API server has it now, pod template included: what {@link #pod} copies.
     * The host cache keeps no pod template (about 10 KB a server); the two flows that need it, a snapshot of a
     * server whose control plane is down and a restore, are rare and read it here.
     */
    public static Optional<StatefulSet> controlPlane(KubernetesClient client, VclusterNames names) {
        return Optional.ofNullable(client.apps().statefulSets().inNamespace(names.namespace())
                .withName(names.statefulSet()).get());
    }

    /**
     * @param options the options Secret (its {@code snapshotOptions}, base64 as vcluster passes it)
     * @param command {@code ["/vcluster", "snapshot"]} or {@code ["/vcluster", "restore"]}
     */
    public static Pod pod(String name, VclusterNames names, StatefulSet sts, Secret options, List<String> command) {
        var syncer = syncer(sts);
        List<EnvVar> env = new ArrayList<>(syncer.getEnv() == null ? List.of() : syncer.getEnv());
        env.removeIf(e -> e.getName().equals(OPTIONS_ENV) || e.getName().equals("POD_NAME"));
        env.add(new EnvVar(OPTIONS_ENV, options.getData().get(SnapshotRequests.OPTIONS_KEY), null));
        env.add(new EnvVar("POD_NAME", names.pod(), null));
        return toolPod(name, names, sts, Map.of(), "snapshot", syncer.getImage(), env, command);
    }

    /** The rescue pod of a vcluster: {@code <release>-rescue}. */
    public static String rescuePodName(VclusterNames names) {
        return names.release() + "-" + RESCUE;
    }

    /**
     * The rescue pod: the control plane's image ({@code image}, or the rescue image's), its volumes and mounts, the
     * data volume among them, and a shell that waits, so that an operator can {@code kubectl exec} into it and work on
     * the vcluster's backing store while its control plane is down.
     */
    public static Pod rescuePod(VclusterNames names, StatefulSet sts, String image) {
        var syncer = syncer(sts);
        return toolPod(rescuePodName(names), names, sts, Map.of(RESCUE_LABEL, "true"), RESCUE, image,
                syncer.getEnv() == null ? List.of() : syncer.getEnv(),
                List.of("sh", "-c", "trap 'exit 0' TERM; while true; do sleep 3600 & wait; done"));
    }

    /** The control plane's container image. */
    public static String controlPlaneImage(StatefulSet sts) {
        return syncer(sts).getImage();
    }

    private static io.fabric8.kubernetes.api.model.Container syncer(StatefulSet sts) {
        PodSpec template = sts.getSpec().getTemplate().getSpec();
        return template.getContainers().stream().filter(c -> "syncer".equals(c.getName())).findFirst()
                .orElse(template.getContainers().getFirst());
    }

    /** A pod on the control plane's template with its data volume: vcluster's snapshot, restore, or a rescue. */
    private static Pod toolPod(String name, VclusterNames names, StatefulSet sts, Map<String, String> labels,
                               String container, String image, List<EnvVar> env, List<String> command) {
        PodSpec template = sts.getSpec().getTemplate().getSpec();
        var syncer = syncer(sts);
        List<Volume> volumes = new ArrayList<>(template.getVolumes() == null ? List.of() : template.getVolumes());
        if (volumes.stream().noneMatch(v -> v.getName().equals("data"))) {
            volumes.add(new VolumeBuilder().withName("data").withNewPersistentVolumeClaim()
                    .withClaimName(names.dataPvc()).endPersistentVolumeClaim().build());
        }
        List<VolumeMount> mounts = syncer.getVolumeMounts() == null ? List.of() : syncer.getVolumeMounts();
        Map<String, String> allLabels = new java.util.HashMap<>(labels);
        allLabels.put("app", APP_LABEL_VALUE);
        allLabels.put("release", names.release());
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(names.namespace()).withLabels(allLabels)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withTerminationGracePeriodSeconds(1L)
                .withServiceAccountName(template.getServiceAccountName())
                .withNodeSelector(template.getNodeSelector())
                .withAffinity(template.getAffinity())
                .withTolerations(template.getTolerations())
                .withSecurityContext(template.getSecurityContext())
                .withImagePullSecrets(template.getImagePullSecrets())
                .withInitContainers(template.getInitContainers())
                .withVolumes(volumes)
                .addNewContainer().withName(container).withImage(image).withCommand(command)
                .withEnv(env).withVolumeMounts(mounts).withSecurityContext(syncer.getSecurityContext())
                .endContainer()
                .endSpec()
                .build();
    }

    /** The pod's phase; {@code Failed} with the container's termination message when it has one. */
    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    public static Optional<String> failure(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getState)
                .filter(s -> s != null && s.getTerminated() != null)
                .map(s -> Optional.ofNullable(s.getTerminated().getMessage()).orElse(
                        "exit code " + s.getTerminated().getExitCode()))
                .findFirst();
    }
}
