package io.openvcluster.server.testing;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.again;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.sandbox.HostSimulator;
import java.util.Map;

/** The steps the backend tests take again and again: a server brought to ACTIVE, a wait for a state, its record. */
public record ServerSteps(Domain compute, KubernetesClient client) {

    /** A new server of the default flavor and image, once it is ACTIVE with no task. */
    public ServerData active(Caller caller, String name) {
        return active(caller, name, Fixtures.IMAGE);
    }

    public ServerData active(Caller caller, String name, String image) {
        ServerData server = compute.servers().createServer(caller, Fixtures.create(name, Fixtures.FLAVOR, image, 1))
                .servers().get(0);
        awaitIdle(caller, server.id(), "active");
        return server;
    }

    /** Waits until the server is in {@code vmState} with no task in progress. */
    public void awaitIdle(Caller caller, String id, String vmState) {
        await(id + " " + vmState, () -> {
            ServerData s = compute.servers().getServer(caller, id);
            return vmState.equals(s.vmState()) && s.taskState().isEmpty();
        });
    }

    public void awaitImage(Caller caller, String imageId, String status) {
        await(imageId + " " + status, () -> compute.catalog().getImage(caller, imageId).status().equals(status));
    }

    /** Whether the image is gone for this caller (404). */
    public boolean imageGone(Caller caller, String imageId) {
        try {
            compute.catalog().getImage(caller, imageId);
            return false;
        } catch (io.openvcluster.api.ApiException e) {
            return e.status() == 404;
        }
    }

    /** createImage of the server, once the image is active and the server has no task left. */
    public String snapshot(Caller caller, String serverId, String imageName) {
        String imageId = compute.servers().createImage(again(caller), serverId, new ServerAction.CreateImage(imageName, Map.of()));
        awaitImage(caller, imageId, "active");
        awaitIdle(caller, serverId, compute.servers().getServer(caller, serverId).vmState());
        return imageId;
    }

    /**
     * The control plane of {@code id} crashes for good: its StatefulSet gets the simulator's fault mark, and the
     * simulator makes its running pod crash (and any pod it creates later).
     */
    public void crash(String id) {
        ServerRecord r = record(id);
        String ns = r.getSpec().getHostNamespace();
        StatefulSet sts = statefulSet(id);
        sts.getMetadata().getAnnotations().put(HostSimulator.POD_FAULT_ANNOTATION, "CrashLoopBackOff");
        client.resource(sts).update();
        await(id + " control plane crashing", () -> {
            Pod pod = client.pods().inNamespace(ns).withName(r.getSpec().getRelease() + "-0").get();
            return pod != null && crashing(pod);
        });
    }

    private static boolean crashing(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream().anyMatch(c -> c.getState() != null
                && c.getState().getWaiting() != null && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason()));
    }

    /** The server's record in the facade's namespace. */
    public ServerRecord record(String id) {
        return record(client, id);
    }

    public static ServerRecord record(KubernetesClient client, String id) {
        return client.resources(ServerRecord.class).inNamespace(Fixtures.settings().namespace()).withName(id).get();
    }

    /** The vcluster's control plane on the host. */
    public StatefulSet statefulSet(String id) {
        ServerRecord r = record(id);
        return client.apps().statefulSets().inNamespace(r.getSpec().getHostNamespace())
                .withName(r.getSpec().getRelease()).get();
    }
}
