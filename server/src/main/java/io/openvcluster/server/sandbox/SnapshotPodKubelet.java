package io.openvcluster.server.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.openvcluster.api.Json;
import io.openvcluster.server.kube.host.ConsoleLogs;
import io.openvcluster.server.kube.snapshot.SnapshotPods;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Plays the kubelet running vcluster's snapshot and restore pods to completion, one phase per step: Pending → Running
 * → Succeeded, or Failed with a termination message. A snapshot pod writes its archive to the {@link ArchiveStore}
 * (or fails with {@link HostSimulator#SNAPSHOT_FAULT_ANNOTATION}'s message); a restore pod reads it, and fails when
 * it is not there (or with {@link HostSimulator#RESTORE_FAULT_ANNOTATION}'s message).
 */
final class SnapshotPodKubelet {
    private final KubernetesClient client;
    private final ArchiveStore archives;

    SnapshotPodKubelet(KubernetesClient client, ArchiveStore archives) {
        this.client = client;
        this.archives = archives;
    }

    /** The pods it runs, in every namespace. */
    FilterWatchListDeletable<Pod, PodList, PodResource> watchedPods() {
        return client.pods().inAnyNamespace().withLabel("app", SnapshotPods.APP_LABEL_VALUE);
    }

    /** Takes the pod one phase further, unless it is finished or being deleted. */
    void run(String namespace, String name) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String phase = SnapshotPods.phase(pod);
        String now = Instant.now().toString();
        if (pod.getMetadata().getLabels() != null && pod.getMetadata().getLabels().containsKey(SnapshotPods.RESCUE_LABEL)) {
            startRescue(pod, phase, now);
            return;
        }
        if (phase.equals("Pending")) {
            pod.setStatus(new PodStatusBuilder().withPhase("Running").withStartTime(now).build());
            client.resource(pod).updateStatus();
            return;
        }
        if (!phase.equals("Running")) {
            return;
        }
        String release = pod.getMetadata().getLabels().get("release");
        StatefulSet sts = release == null ? null : client.apps().statefulSets().inNamespace(namespace).withName(release).get();
        Container container = pod.getSpec().getContainers().getFirst();
        String fault = sts == null || sts.getMetadata().getAnnotations() == null ? null
                : sts.getMetadata().getAnnotations().get(container.getCommand().contains("restore")
                        ? HostSimulator.RESTORE_FAULT_ANNOTATION : HostSimulator.SNAPSHOT_FAULT_ANNOTATION);
        Optional<String> url = container.getEnv().stream().filter(e -> e.getName().equals(SnapshotPods.OPTIONS_ENV))
                .findFirst().flatMap(e -> archiveUrl(e.getValue()));
        if (fault == null && container.getCommand().contains("snapshot")) {
            url.ifPresent(u -> archives.putSnapshot(u, options(container), name));
        }
        // a restore reads the archive: one that is not in the store fails as vcluster's would
        if (fault == null && container.getCommand().contains("restore")
                && (url.isEmpty() || !archives.contains(url.get()))) {
            fault = "snapshot " + url.orElse("(no url)") + " not found in the store";
        }
        pod.setStatus(new PodStatusBuilder()
                .withPhase(fault == null ? "Succeeded" : "Failed").withStartTime(pod.getStatus().getStartTime())
                .addNewContainerStatus().withName(container.getName()).withReady(false).withNewState().withNewTerminated()
                .withExitCode(fault == null ? 0 : 1).withMessage(fault).withFinishedAt(now).endTerminated().endState()
                .endContainerStatus()
                .build());
        client.resource(pod).updateStatus();
    }

    /** A rescue pod runs until it is deleted: Running, with a console log that says what it is. */
    private void startRescue(Pod pod, String phase, String now) {
        if (!phase.equals("Pending")) {
            return;
        }
        var annotations = new java.util.HashMap<>(pod.getMetadata().getAnnotations() == null ? java.util.Map.of()
                : pod.getMetadata().getAnnotations());
        annotations.put(ConsoleLogs.SANDBOX_LOG_ANNOTATION, now + " sandbox rescue pod " + pod.getMetadata().getName()
                + ": the vcluster's data volume is mounted; a shell waits for kubectl exec\n");
        pod.getMetadata().setAnnotations(annotations);
        Pod updated = client.resource(pod).update();
        updated.setStatus(new PodStatusBuilder().withPhase("Running").withStartTime(now).build());
        client.resource(updated).updateStatus();
    }

    /** The archive URL that vcluster's storage options name (base64 JSON, as in VCLUSTER_STORAGE_OPTIONS). */
    private static JsonNode options(Container container) {
        return container.getEnv().stream().filter(e -> e.getName().equals(SnapshotPods.OPTIONS_ENV)).findFirst()
                .map(e -> {
                    try {
                        return Json.MAPPER.readTree(Base64.getDecoder().decode(e.getValue()));
                    } catch (IOException | IllegalArgumentException ex) {
                        return Json.object();
                    }
                }).orElseGet(Json::object);
    }

    private static Optional<String> archiveUrl(String optionsBase64) {
        try {
            var options = Json.MAPPER.readTree(Base64.getDecoder().decode(optionsBase64));
            return switch (options.path("type").asText()) {
                case "container" -> Optional.of("container://" + options.at("/container/path").asText());
                case "s3" -> Optional.of("s3://" + options.at("/s3/bucket").asText() + "/"
                        + options.at("/s3/key").asText());
                case "oci" -> Optional.of("oci://" + options.at("/oci/repository").asText());
                default -> Optional.empty();
            };
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
