package io.openvcluster.server.sandbox;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetList;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.openvcluster.translator.VclusterManifests;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Plays the StatefulSet controller for vcluster control planes ({@code app=vcluster}). For
 * {@code spec.replicas = n} it creates pods {@code <sts>-0..n-1} from the template, which the kubelet starts at once
 * ({@link ControlPlaneKubelet}), and their PVCs {@code <template>-<sts>-<i>} (Bound); it deletes pods with an ordinal
 * ≥ n, and pods whose config hash is not the template's (a rolling update), which the same settle then recreates. A
 * pod deleted by someone else (a reboot) is recreated by the settle its deletion triggers. Once replicas > 0 it has
 * the control plane export its kubeconfig ({@link ControlPlaneKubeconfig}), and last it writes the StatefulSet's
 * status.
 */
final class StatefulSetController {
    private static final Map<String, String> VCLUSTER = Map.of("app", "vcluster");

    private final KubernetesClient client;
    private final ControlPlaneKubelet kubelet;
    private final ControlPlaneKubeconfig kubeconfig;

    StatefulSetController(KubernetesClient client) {
        this.client = client;
        this.kubelet = new ControlPlaneKubelet(client);
        this.kubeconfig = new ControlPlaneKubeconfig(client);
    }

    /** The StatefulSets it acts on, in every namespace. */
    FilterWatchListDeletable<StatefulSet, StatefulSetList, RollableScalableResource<StatefulSet>>
            watchedStatefulSets() {
        return client.apps().statefulSets().inAnyNamespace().withLabels(VCLUSTER);
    }

    /** The pods whose deletion it answers, in every namespace. */
    FilterWatchListDeletable<Pod, PodList, PodResource> watchedPods() {
        return client.pods().inAnyNamespace().withLabels(VCLUSTER);
    }

    /** The StatefulSet that owns {@code pod}, by name. */
    static Optional<String> owner(Pod pod) {
        return pod.getMetadata().getOwnerReferences() == null ? Optional.empty()
                : pod.getMetadata().getOwnerReferences().stream().filter(o -> "StatefulSet".equals(o.getKind()))
                        .map(OwnerReference::getName).findFirst();
    }

    /** Whether the status reports the spec: if not, a settle is still due. */
    static boolean settled(StatefulSet sts) {
        StatefulSetStatus status = sts.getStatus();
        return status != null && Objects.equals(status.getReplicas(), replicas(sts))
                && Objects.equals(status.getObservedGeneration(), sts.getMetadata().getGeneration());
    }

    static int replicas(StatefulSet sts) {
        return sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    }

    /** Brings the StatefulSet's pods, claims, kubeconfig and status in line with its current spec. */
    void settle(String namespace, String name) {
        StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        if (sts == null || sts.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        int replicas = replicas(sts);
        String fault = ControlPlaneKubelet.faultOf(sts);
        replaceOutdatedPods(sts);
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            ensurePod(sts, ordinal, fault);
            ensureClaims(sts, ordinal);
        }
        // Settles of one StatefulSet run one after the other on the simulator's thread, so a pod created from a read
        // taken just before the fault mark is caught by the settle the mark triggers.
        if (fault != null) {
            kubelet.crashRunning(ownPods(sts), fault);
        }
        selectedPods(sts).filter(pod -> ordinal(pod, name) >= replicas).forEach(pod -> client.resource(pod).delete());
        if (replicas > 0) {
            kubeconfig.export(namespace, name);
        }
        writeStatus(sts, replicas);
    }

    /** The pods its selector matches, its own and any other. */
    private Stream<Pod> selectedPods(StatefulSet sts) {
        return client.pods().inNamespace(sts.getMetadata().getNamespace())
                .withLabels(sts.getSpec().getSelector().getMatchLabels()).list().getItems().stream();
    }

    /** The pods its selector matches that are named as its own ({@code <sts>-<ordinal>}). */
    private Stream<Pod> ownPods(StatefulSet sts) {
        return selectedPods(sts).filter(pod -> ordinal(pod, sts.getMetadata().getName()) != Integer.MAX_VALUE);
    }

    /** The pod's ordinal in StatefulSet {@code stsName}, or {@link Integer#MAX_VALUE} when it is not named as one. */
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
     * The rolling update: a pod whose {@code vClusterConfigHash} differs from the template's (new vcluster values,
     * e.g. a resize) is deleted, and recreated from the new template just after.
     */
    private void replaceOutdatedPods(StatefulSet sts) {
        Map<String, String> template = sts.getSpec().getTemplate().getMetadata().getAnnotations();
        String wanted = template == null ? null : template.get(VclusterManifests.CONFIG_HASH_ANNOTATION);
        ownPods(sts)
                .filter(pod -> !Objects.equals(wanted, pod.getMetadata().getAnnotations() == null ? null
                        : pod.getMetadata().getAnnotations().get(VclusterManifests.CONFIG_HASH_ANNOTATION)))
                .forEach(pod -> client.resource(pod).delete());
    }

    /** The pod the controller creates from the template, with what its kubelet reports once it runs it. */
    private void ensurePod(StatefulSet sts, int ordinal, String fault) {
        String namespace = sts.getMetadata().getNamespace();
        String podName = sts.getMetadata().getName() + "-" + ordinal;
        if (client.pods().inNamespace(namespace).withName(podName).get() != null) {
            return;
        }
        Map<String, String> labels = new HashMap<>(sts.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("statefulset.kubernetes.io/pod-name", podName);
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(namespace).withLabels(labels)
                .withAnnotations(sts.getSpec().getTemplate().getMetadata().getAnnotations())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
                        .withName(sts.getMetadata().getName()).withUid(sts.getMetadata().getUid())
                        .withController(true).build())
                .endMetadata()
                .withSpec(sts.getSpec().getTemplate().getSpec())
                .build();
        kubelet.start(pod, ordinal, fault);
        client.resource(pod).create();
    }

    private void ensureClaims(StatefulSet sts, int ordinal) {
        if (sts.getSpec().getVolumeClaimTemplates() == null) {
            return;
        }
        String namespace = sts.getMetadata().getNamespace();
        for (PersistentVolumeClaim template : sts.getSpec().getVolumeClaimTemplates()) {
            String claimName = template.getMetadata().getName() + "-" + sts.getMetadata().getName() + "-" + ordinal;
            if (client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).get() == null) {
                client.resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata().withName(claimName).withNamespace(namespace)
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
}
