package io.openvcluster.server.kube.progress;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.ImageSnapshot;
import io.openvcluster.server.kube.crd.PowerIntents;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.host.HostCache;
import io.openvcluster.server.kube.host.HostObjects.CachedPod;
import io.openvcluster.server.kube.snapshot.SnapshotPods;
import io.openvcluster.translator.DerivedState;
import io.openvcluster.translator.HostObservation;
import io.openvcluster.translator.NovaStates;
import io.openvcluster.translator.VclusterNames;
import io.openvcluster.translator.VclusterValues;
import java.net.HttpURLConnection;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Rescue and unrescue on the host, after the power operations (docs/verbs.md, "Rescue"). A rescue stops the vcluster
 * as {@code os-stop} does, then starts the rescue pod {@code <release>-rescue} on the control plane's template, with
 * its data volume mounted and a shell that waits ({@code start_rescue_pod}); the server is RESCUE once that pod runs.
 * An unrescue deletes the pod ({@code delete_rescue_pod}); the control plane starts only once it is gone, as both
 * need the same volume. Each step is decided from what the host shows and can be repeated.
 */
public final class RescueProgress {
    private final KubernetesClient client;
    private final HostCache cache;

    public RescueProgress(KubernetesClient client, HostCache cache) {
        this.client = client;
        this.cache = cache;
    }

    public record Step(DerivedState derived, BiConsumer<ServerStatus, String> bookkeeping) {
    }

    /** A rescue pod left after an unrescue still holds the data volume: the control plane waits for it to go. */
    public boolean holdsPower(ServerRecord record, VclusterNames names) {
        return !PowerIntents.RESCUED.equals(PowerIntents.onHost(record)) && rescuePod(names).isPresent();
    }

    public Step drive(ServerRecord record, DerivedState derived, VclusterNames names, HostObservation observed) {
        Optional<ActionRequest> pending = Records.pendingAction(record);
        Optional<CachedPod> pod = rescuePod(names);
        String podName = SnapshotPods.rescuePodName(names);
        if (!PowerIntents.RESCUED.equals(PowerIntents.onHost(record))) {
            if (pod.isEmpty()) {
                return new Step(derived, (status, now) -> { });
            }
            if (!pod.get().terminating()) {
                client.pods().inNamespace(names.namespace()).withName(podName).delete();
            }
            return new Step(withTask(derived, NovaStates.TASK_UNRESCUING), event(pending, "delete_rescue_pod",
                    "pod " + podName + " deleted: the data volume is the control plane's again"));
        }
        boolean controlPlaneDown = observed.workload().map(w -> w.specReplicas() == 0 && w.statusReplicas() == 0)
                .orElse(false);
        if (!controlPlaneDown || NovaStates.VM_ERROR.equals(derived.vmState())) {
            return new Step(derived, (status, now) -> { }); // the power operations stop the vcluster first
        }
        String image = "the control plane's image";
        if (pod.isEmpty()) {
            // the rescue pod copies the control plane's pod template, which the host cache does not keep
            Optional<StatefulSet> sts = SnapshotPods.controlPlane(client, names);
            if (sts.isEmpty()) {
                return new Step(withTask(derived, NovaStates.TASK_RESCUING), (status, now) -> { });
            }
            image = image(record, sts.get());
            create(SnapshotPods.rescuePod(names, sts.get(), image));
        }
        BiConsumer<ServerStatus, String> started = event(pending, "start_rescue_pod", "pod " + podName + " ("
                + image + ", data volume " + names.dataPvc() + " mounted as for the control plane, a shell that "
                + "waits): kubectl exec -it -n " + names.namespace() + " " + podName + " -- sh");
        if (pod.filter(p -> "Failed".equals(p.phase())).isPresent()) {
            // the rescue image could not run (no shell, say): ERROR, from which os-stop or another rescue go on
            return new Step(new DerivedState(NovaStates.VM_ERROR, Optional.empty(), NovaStates.POWER_NOSTATE,
                    Optional.of("rescue pod " + podName + " failed: " + pod.get().failure().orElse("no reason given"))),
                    started);
        }
        boolean running = pod.filter(p -> "Running".equals(p.phase())).isPresent();
        return new Step(running ? derived : withTask(derived, NovaStates.TASK_RESCUING), started);
    }

    /** The control plane's image, or the rescue image's: vcluster's own image at that image's chart version. */
    private static String image(ServerRecord record, StatefulSet sts) {
        ImageSnapshot rescue = record.getSpec().getRescueImage();
        return rescue == null ? SnapshotPods.controlPlaneImage(sts)
                : "ghcr.io/" + VclusterValues.SYNCER_REPOSITORY + ":" + rescue.chartVersion();
    }

    private Optional<CachedPod> rescuePod(VclusterNames names) {
        return cache.snapshotPod(names.namespace(), SnapshotPods.rescuePodName(names));
    }

    private void create(io.fabric8.kubernetes.api.model.Pod pod) {
        try {
            client.resource(pod).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    private static DerivedState withTask(DerivedState state, String task) {
        return new DerivedState(state.vmState(), Optional.of(task), state.powerState(), state.fault());
    }

    private static BiConsumer<ServerStatus, String> event(Optional<ActionRequest> pending, String name, String detail) {
        return pending.map(action -> ActionProgress.event(action, name, detail)).orElse((status, now) -> { });
    }
}
