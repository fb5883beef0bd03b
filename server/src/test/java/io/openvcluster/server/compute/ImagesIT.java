package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ADMIN;
import static io.openvcluster.server.testing.Fixtures.IMAGE;
import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.config.BackendSettings;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.snapshot.SnapshotPods;
import io.openvcluster.server.kube.snapshot.SnapshotRequests;
import io.openvcluster.server.sandbox.HostSimulator;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** createImage, and Glance's PATCH and DELETE, on the sandbox cluster: records, reconciler, simulated host. */
@SandboxBackendTest
class ImagesIT {
    private static SandboxCluster sandbox;
    private static KubernetesClient client;
    private static Domain compute;
    private static ServerSteps steps;

    @Test
    void createImageAsksVclusterForASnapshotAndTheImageBecomesActive() {
        Caller user = Fixtures.caller("user-i1", "project-i1", "member");
        ServerData server = steps.active(user, "snapme");
        Caller snapping = again(user);
        String imageId = compute.servers().createImage(snapping, server.id(),
                new ServerAction.CreateImage("snap-one", Map.of("purpose", "backup")));

        // listed at once (clients look for it right after the 202), private to the project
        ImageData queued = compute.catalog().listImages(user).stream().filter(i -> i.id().equals(imageId)).findFirst()
                .orElseThrow();
        assertTrue(List.of("queued", "saving").contains(queued.status()), queued.status());
        assertEquals("private", queued.visibility());
        assertEquals("project-i1", queued.owner());
        assertEquals(Optional.of("image_snapshot"), compute.servers().getServer(user, server.id()).taskState());
        Caller other = Fixtures.caller("user-i2", "project-i2", "member");
        assertEquals(404, assertThrows(ApiException.class, () -> compute.catalog().getImage(other, imageId)).status());

        // vcluster's request: a Secret and a ConfigMap with the same name and vcluster's labels
        ServerRecord r = steps.record(server.id());
        String ns = r.getSpec().getHostNamespace();
        String name = SnapshotRequests.requestName(r.getSpec().getRelease(), imageId);
        assertTrue(name.startsWith(r.getSpec().getRelease() + "-snapshot-request-"), name);
        ConfigMap request = io.openvcluster.server.testing.Eventually.awaitValue("snapshot request",
                () -> client.configMaps().inNamespace(ns).withName(name).get());
        assertEquals(Map.of("vcluster.loft.sh/vcluster-namespace", ns, "vcluster.loft.sh/vcluster-name",
                r.getSpec().getRelease(), "vcluster.loft.sh/snapshot-request", ""), request.getMetadata().getLabels());
        String url = "container:///data/snapshots/" + imageId + ".tar.gz";
        assertEquals(url, SnapshotRequests.status(request).url());

        steps.awaitImage(user, imageId, "active");
        steps.awaitIdle(user, server.id(), "active");
        ImageData active = compute.catalog().getImage(user, imageId);
        assertEquals("snapshot", active.properties().get("image_type"));
        assertEquals(server.id(), active.properties().get("instance_uuid"));
        assertEquals(IMAGE, active.properties().get("base_image_ref"));
        assertEquals("backup", active.properties().get("purpose"));
        assertEquals(url, active.properties().get("vcluster_snapshot_url"));
        assertFalse(active.properties().get("kubernetes_version").isEmpty());
        assertTrue(sandbox.simulator().storedSnapshots().contains(url));
        // the controller finished: phase Completed, options Secret deleted
        assertEquals(SnapshotRequests.PHASE_COMPLETED,
                SnapshotRequests.status(client.configMaps().inNamespace(ns).withName(name).get()).phase());
        await("options secret deleted", () -> client.secrets().inNamespace(ns).withName(name).get() == null);

        InstanceActionData action = compute.servers().getInstanceAction(user, server.id(), snapping.requestId());
        assertEquals("createImage", action.action());
        assertEquals(List.of("vcluster_snapshot_request", "vcluster_etcd_backup"),
                action.events().stream().map(InstanceActionData.Event::event).toList());
        assertTrue(action.events().stream().allMatch(e -> e.result().equals(Optional.of("Success"))),
                action.events().toString());
    }

    @Test
    void aStoppedServerIsSnapshotByASnapshotPodOnItsDataVolume() {
        Caller user = Fixtures.caller("user-i3", "project-i3", "member");
        ServerData server = steps.active(user, "cold");
        compute.servers().performAction(again(user), server.id(), new ServerAction.Stop());
        steps.awaitIdle(user, server.id(), "stopped");
        Caller snapping = again(user);
        String imageId = compute.servers().createImage(snapping, server.id(), new ServerAction.CreateImage("cold", Map.of()));
        ServerRecord r = steps.record(server.id());
        String ns = r.getSpec().getHostNamespace();
        // no control plane runs, so no controller: vcluster's snapshot pod, with the options and the data volume
        Pod pod = io.openvcluster.server.testing.Eventually.awaitValue("snapshot pod",
                () -> client.pods().inNamespace(ns).withName(SnapshotPods.podName(imageId)).get());
        assertEquals("vcluster-snapshot", pod.getMetadata().getLabels().get("app"));
        assertEquals("Never", pod.getSpec().getRestartPolicy());
        var container = pod.getSpec().getContainers().getFirst();
        assertEquals(List.of("/vcluster", "snapshot"), container.getCommand());
        assertEquals("data-" + r.getSpec().getRelease() + "-0", pod.getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("data")).findFirst().orElseThrow().getPersistentVolumeClaim()
                .getClaimName());
        String encoded = container.getEnv().stream().filter(e -> e.getName().equals("VCLUSTER_STORAGE_OPTIONS"))
                .findFirst().orElseThrow().getValue();
        JsonNode options;
        try {
            options = Json.MAPPER.readTree(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertEquals("container", options.path("type").asText());
        assertEquals("/data/snapshots/" + imageId + ".tar.gz", options.at("/container/path").asText());
        assertEquals(r.getSpec().getRelease(), options.at("/release/releaseName").asText());

        steps.awaitImage(user, imageId, "active");
        steps.awaitIdle(user, server.id(), "stopped");
        assertTrue(sandbox.simulator().storedSnapshots().contains("container:///data/snapshots/" + imageId + ".tar.gz"));
        // the finished pod is deleted, and no request was made to a vcluster that is not running
        await("snapshot pod deleted", () -> client.pods().inNamespace(ns).withName(SnapshotPods.podName(imageId))
                .get() == null);
        assertEquals(null, client.configMaps().inNamespace(ns)
                .withName(SnapshotRequests.requestName(r.getSpec().getRelease(), imageId)).get());
        assertTrue(compute.servers().getInstanceAction(user, server.id(), snapping.requestId()).events().getFirst().result()
                .equals(Optional.of("Success")));
    }

    @Test
    void aSecondSnapshotWhileOneRunsIsRefused() {
        Caller user = Fixtures.caller("user-i4", "project-i4", "member");
        ServerData server = steps.active(user, "busy-snap");
        compute.servers().createImage(again(user), server.id(), new ServerAction.CreateImage("first", Map.of()));
        ApiException refused = assertThrows(ApiException.class, () -> compute.servers().createImage(again(user), server.id(),
                new ServerAction.CreateImage("second", Map.of())));
        assertEquals(409, refused.status());
        assertEquals("Cannot 'createImage' instance " + server.id() + " while it is in task_state image_snapshot",
                refused.getMessage());
    }

    @Test
    void aFailedSnapshotKillsTheImageAndTheActionEndsInErrorWhileTheServerStaysActive() {
        Caller user = Fixtures.caller("user-i5", "project-i5", "member");
        ServerData server = steps.active(user, "doomed-snap");
        ServerRecord r = steps.record(server.id());
        client.apps().statefulSets().inNamespace(r.getSpec().getHostNamespace()).withName(r.getSpec().getRelease())
                .edit(sts -> {
                    sts.getMetadata().getAnnotations().put(HostSimulator.SNAPSHOT_FAULT_ANNOTATION, "bucket unreachable");
                    return sts;
                });
        Caller snapping = again(user);
        String imageId = compute.servers().createImage(snapping, server.id(), new ServerAction.CreateImage("bad", Map.of()));
        steps.awaitImage(user, imageId, "killed");
        steps.awaitIdle(user, server.id(), "active");
        assertEquals("vcluster snapshot Failed: bucket unreachable",
                compute.catalog().getImage(user, imageId).properties().get("vcluster_snapshot_error"));
        InstanceActionData action = compute.servers().getInstanceAction(user, server.id(), snapping.requestId());
        assertEquals(Optional.of("Error"), action.events().getLast().result());
        assertEquals(Optional.empty(), compute.servers().getServer(user, server.id()).fault());
        // a killed image may be deleted
        compute.catalog().deleteImage(user, imageId);
        assertThrows(ApiException.class, () -> compute.catalog().getImage(user, imageId));
    }

    @Test
    void glancePatchAndDeleteFollowOwnershipAndReadOnlyRules() {
        Caller user = Fixtures.caller("user-i6", "project-i6", "member");
        ServerData server = steps.active(user, "patchy");
        String imageId = compute.servers().createImage(again(user), server.id(), new ServerAction.CreateImage("p1", Map.of()));
        steps.awaitImage(user, imageId, "active");
        steps.awaitIdle(user, server.id(), "active");

        ImageData renamed = compute.catalog().updateImage(user, imageId, List.of(
                new ImageChange("name", Optional.of(TextNode.valueOf("renamed"))),
                new ImageChange("color", Optional.of(TextNode.valueOf("blue")))));
        assertEquals("renamed", renamed.name());
        assertEquals("blue", renamed.properties().get("color"));
        assertEquals("renamed", compute.catalog().getImage(user, imageId).name());
        for (String readOnly : List.of("status", "instance_uuid", "vcluster_snapshot_url")) {
            ApiException e = assertThrows(ApiException.class, () -> compute.catalog().updateImage(user, imageId,
                    List.of(new ImageChange(readOnly, Optional.of(TextNode.valueOf("x"))))));
            assertEquals(403, e.status());
            assertEquals("Attribute '" + readOnly + "' is read-only.", e.getMessage());
        }
        // Nova's snapshot default is an ordinary property: changed, the image is still a snapshot of its archive
        ImageData retyped = compute.catalog().updateImage(user, imageId, List.of(
                new ImageChange("image_type", Optional.of(TextNode.valueOf("golden")))));
        assertEquals("golden", retyped.properties().get("image_type"));
        assertEquals(server.id(), retyped.properties().get("instance_uuid"));
        assertEquals(403, assertThrows(ApiException.class, () -> compute.catalog().updateImage(user, imageId,
                List.of(new ImageChange("visibility", Optional.of(TextNode.valueOf("public")))))).status());
        assertEquals("public", compute.catalog().updateImage(ADMIN, imageId,
                List.of(new ImageChange("visibility", Optional.of(TextNode.valueOf("public"))))).visibility());
        assertEquals(409, assertThrows(ApiException.class, () -> compute.catalog().updateImage(user, imageId,
                List.of(new ImageChange("missing", Optional.empty())))).status());
        // another project sees the now public image but may not change or delete it; base images are the admins'
        Caller other = Fixtures.caller("user-i7", "project-i7", "member");
        assertEquals(403, assertThrows(ApiException.class, () -> compute.catalog().deleteImage(other, imageId)).status());
        assertEquals(403, assertThrows(ApiException.class, () -> compute.catalog().deleteImage(user, IMAGE)).status());
        assertEquals(403, assertThrows(ApiException.class, () -> compute.catalog().updateImage(user, IMAGE,
                List.of(new ImageChange("name", Optional.of(TextNode.valueOf("mine")))))).status());

        // deleting the snapshot asks vcluster to delete its archive
        String url = compute.catalog().getImage(user, imageId).properties().get("vcluster_snapshot_url");
        assertTrue(sandbox.simulator().storedSnapshots().contains(url));
        compute.catalog().deleteImage(user, imageId);
        assertEquals(404, assertThrows(ApiException.class, () -> compute.catalog().getImage(user, imageId)).status());
        ServerRecord r = steps.record(server.id());
        ConfigMap deleteRequest = client.configMaps().inNamespace(r.getSpec().getHostNamespace())
                .withName(SnapshotRequests.deleteRequestName(r.getSpec().getRelease(), imageId)).get();
        assertEquals(url, SnapshotRequests.status(deleteRequest).url());
        await("archive deleted", () -> !sandbox.simulator().storedSnapshots().contains(url));
    }

    @Test
    void aContainerSnapshotOfADeletedServerIsDeletedAtOnceItsArchiveWentWithTheVolume() {
        Caller user = Fixtures.caller("user-i8", "project-i8", "member");
        ServerData server = steps.active(user, "volume-bound");
        String imageId = compute.servers().createImage(again(user), server.id(), new ServerAction.CreateImage("vb", Map.of()));
        steps.awaitImage(user, imageId, "active");
        steps.awaitIdle(user, server.id(), "active");
        compute.servers().deleteServer(again(user), server.id());
        await("server deleted", () -> client.resources(ServerRecord.class).inNamespace(BackendSettings.DEFAULT_NAMESPACE).withName(server.id())
                .get() == null);

        compute.catalog().deleteImage(user, imageId);

        // no pending deletion: the record is gone for admins too, at once
        assertEquals(404, assertThrows(ApiException.class, () -> compute.catalog().getImage(ADMIN, imageId)).status());
        assertNull(client.resources(ImageRecord.class).inNamespace(BackendSettings.DEFAULT_NAMESPACE).withName(Records.imageName(imageId)).get());
    }
}
