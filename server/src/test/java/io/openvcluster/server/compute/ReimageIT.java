package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import io.openvcluster.translator.DefaultCatalog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * rebuild from a base image without {@code preserve_ephemeral} on the sandbox cluster: Nova's reimage, the vcluster's
 * state wiped and the image's version installed fresh, down as well as up.
 */
@SandboxBackendTest
class ReimageIT {
    private static final String NEWEST = DefaultCatalog.images().get(0).id();
    private static final String PREVIOUS = DefaultCatalog.images().get(1).id();
    private static final String OLDER = DefaultCatalog.images().get(2).id();
    private static final String MANAGED_BY = "vcluster.loft.sh/managed-by";
    private static KubernetesClient client;
    private static Domain compute;
    private static ServerSteps steps;

    private static ServerAction.Rebuild reimage(String image) {
        return new ServerAction.Rebuild(image, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    @Test
    void aRebuildToAnOlderVersionWipesTheStateAndKeepsTheIdentity() {
        Caller user = Fixtures.caller("user-ri1", "project-ri1", "member");
        ServerData server = steps.active(user, "reimage-me", NEWEST);
        ServerRecord before = steps.record(server.id());
        String ns = before.getSpec().getHostNamespace();
        String release = before.getSpec().getRelease();
        String dataClaimUid = dataClaim(ns, release).getMetadata().getUid();
        String clusterIp = client.services().inNamespace(ns).withName(release).get().getSpec().getClusterIP();
        // what a workload in the vcluster left on the host, and an object of the operator's own
        client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("app-data-x-default-x-" + release)
                .withNamespace(ns).withLabels(Map.of(MANAGED_BY, release)).endMetadata().build()).create();
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("app-config-x-default-x-" + release)
                .withNamespace(ns).withLabels(Map.of(MANAGED_BY, release)).endMetadata().build()).create();
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("operator-notes").withNamespace(ns)
                .endMetadata().build()).create();

        Caller rebuilding = again(user);
        ServerData accepted = compute.servers().rebuildServer(rebuilding, server.id(), reimage(OLDER));
        assertEquals(Optional.of("rebuilding"), accepted.taskState());
        assertEquals(OLDER, accepted.imageId());
        steps.awaitIdle(user, server.id(), "active");

        InstanceActionData action = compute.servers().getInstanceAction(user, server.id(), rebuilding.requestId());
        // the reimage's own steps in order; the power operations' resume is entered in the same pass as apply_image
        List<String> events = action.events().stream().map(InstanceActionData.Event::event).toList();
        assertEquals(List.of("vcluster_pause", "delete_workload_pods", "wipe_data", "apply_image"),
                events.stream().filter(e -> !e.equals("vcluster_resume")).toList());
        assertTrue(events.contains("vcluster_resume"), events.toString());
        assertTrue(action.events().stream().allMatch(e -> e.result().equals(Optional.of("Success"))), action.toString());
        // the store is a new, empty one; what the workloads had on the host is gone, the operator's object is not
        assertNotEquals(dataClaimUid, dataClaim(ns, release).getMetadata().getUid());
        assertNull(client.persistentVolumeClaims().inNamespace(ns).withName("app-data-x-default-x-" + release).get());
        assertNull(client.configMaps().inNamespace(ns).withName("app-config-x-default-x-" + release).get());
        assertNotNull(client.configMaps().inNamespace(ns).withName("operator-notes").get());
        // the identity is kept: namespace, Service address
        assertEquals(clusterIp, client.services().inNamespace(ns).withName(release).get().getSpec().getClusterIP());
        // the control plane runs the older version, resumed
        String older = DefaultCatalog.images().get(2).spec().kubernetesVersion();
        assertEquals(older, steps.record(server.id()).getSpec().getImage().kubernetesVersion());
        StatefulSet sts = steps.statefulSet(server.id());
        String image = sts.getSpec().getTemplate().getSpec().getInitContainers().getFirst().getImage();
        assertTrue(image.contains(older.substring(0, older.lastIndexOf('.'))), image);
        assertFalse(sts.getMetadata().getAnnotations().containsKey("loft.sh/restoring"));
        assertFalse(sts.getMetadata().getAnnotations().containsKey("loft.sh/paused"));
        assertEquals(1, sts.getSpec().getReplicas());
    }

    @Test
    void aStoppedServerIsReimagedAndStaysStoppedUntilStarted() {
        Caller user = Fixtures.caller("user-ri2", "project-ri2", "member");
        ServerData server = steps.active(user, "cold-reimage", PREVIOUS);
        ServerRecord before = steps.record(server.id());
        String ns = before.getSpec().getHostNamespace();
        String release = before.getSpec().getRelease();
        String dataClaimUid = dataClaim(ns, release).getMetadata().getUid();
        compute.servers().performAction(again(user), server.id(), new ServerAction.Stop());
        steps.awaitIdle(user, server.id(), "stopped");

        Caller rebuilding = again(user);
        compute.servers().rebuildServer(rebuilding, server.id(), reimage(NEWEST));
        io.openvcluster.server.testing.Eventually.await("rebuild done", () -> rebuilding.requestId()
                .equals(steps.record(server.id()).getStatus().getCompletedRequestId()));
        steps.awaitIdle(user, server.id(), "stopped");
        StatefulSet sts = steps.statefulSet(server.id());
        assertEquals(0, sts.getSpec().getReplicas());
        assertEquals("true", sts.getMetadata().getAnnotations().get("loft.sh/paused"));
        assertFalse(sts.getMetadata().getAnnotations().containsKey("loft.sh/restoring"));
        // wiped: the StatefulSet makes the new claim when the control plane starts again
        assertNull(dataClaim(ns, release));

        compute.servers().performAction(again(user), server.id(), new ServerAction.Start());
        steps.awaitIdle(user, server.id(), "active");
        assertNotEquals(dataClaimUid, dataClaim(ns, release).getMetadata().getUid());
        String newest = DefaultCatalog.images().get(0).spec().kubernetesVersion();
        String image = steps.statefulSet(server.id()).getSpec().getTemplate().getSpec().getInitContainers().getFirst()
                .getImage();
        assertTrue(image.contains(newest.substring(0, newest.lastIndexOf('.'))), image);
    }

    private static PersistentVolumeClaim dataClaim(String ns, String release) {
        return client.persistentVolumeClaims().inNamespace(ns).withName("data-" + release + "-0").get();
    }
}
