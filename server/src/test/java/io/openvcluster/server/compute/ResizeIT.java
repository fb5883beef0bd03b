package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ADMIN;
import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import io.openvcluster.translator.FlavorSpec;
import io.openvcluster.translator.HostResources;
import io.openvcluster.translator.VclusterManifests;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Resize, confirm and revert on the sandbox cluster: records, reconciler, simulated host. */
@SandboxBackendTest
class ResizeIT {
    private static KubernetesClient client;
    private static Domain compute;
    private static ServerSteps steps;

    /** What a flavor decides on the host: quota, limits, vcluster values and the control plane's pod template. */
    private static Map<String, Object> hostObjects(String id) {
        ServerRecord r = steps.record(id);
        String ns = r.getSpec().getHostNamespace();
        String release = r.getSpec().getRelease();
        StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName(release).get();
        return Map.of(
                "quota", client.resourceQuotas().inNamespace(ns).withName("vc-" + release).get().getSpec(),
                "limits", client.limitRanges().inNamespace(ns).withName("vc-" + release).get().getSpec(),
                "values", client.secrets().inNamespace(ns).withName("vc-config-" + release).get().getData(),
                "template", sts.getSpec().getTemplate());
    }

    private static String podHash(String id) {
        ServerRecord r = steps.record(id);
        return client.pods().inNamespace(r.getSpec().getHostNamespace()).withName(r.getSpec().getRelease() + "-0").get()
                .getMetadata().getAnnotations().get(VclusterManifests.CONFIG_HASH_ANNOTATION);
    }

    @Test
    void resizeAppliesTheNewFlavorWaitsInVerifyResizeAndConfirmKeepsIt() {
        Caller user = Fixtures.caller("user-r1", "project-r1", "member");
        ServerData server = steps.active(user, "grow");
        String before = podHash(server.id());
        Caller resizing = again(user);
        compute.servers().performAction(resizing, server.id(), new ServerAction.Resize("2"));
        ServerData justAccepted = compute.servers().getServer(user, server.id());
        assertEquals("active", justAccepted.vmState());
        assertTrue(justAccepted.taskState().orElse("").startsWith("resize_"), justAccepted.taskState().toString());
        assertEquals("2", justAccepted.flavor().id());

        steps.awaitIdle(user, server.id(), "resized");
        ServerData resized = compute.servers().getServer(user, server.id());
        assertEquals(2, resized.flavor().vcpus());
        // the new flavor's quota is on the host, and the control plane restarted with the new values
        ServerRecord r = steps.record(server.id());
        assertEquals(HostResources.quota(FlavorSpec.of(flavorData(r))), quantities(client.resourceQuotas().inNamespace(r.getSpec().getHostNamespace())
                        .withName("vc-" + r.getSpec().getRelease()).get().getSpec().getHard()));
        assertNotEquals(before, podHash(server.id()));
        assertEquals("1", r.getSpec().getPreviousFlavor().id());
        InstanceActionData action = compute.servers().getInstanceAction(user, server.id(), resizing.requestId());
        assertEquals("resize", action.action());
        assertEquals(List.of("apply_flavor", "restart_control_plane"),
                action.events().stream().map(InstanceActionData.Event::event).toList());
        assertTrue(action.events().stream().allMatch(e -> e.result().equals(Optional.of("Success"))));
        // while resized, the quota counts the larger flavor
        assertEquals(2, compute.quotas().getQuotaUsage(user, "project-r1").used(QuotaResource.CORES));

        Caller confirming = again(user);
        compute.servers().performAction(confirming, server.id(), new ServerAction.ConfirmResize());
        ServerData confirmed = compute.servers().getServer(user, server.id());
        assertEquals("active", confirmed.vmState()); // read-your-writes: no more VERIFY_RESIZE
        assertEquals("2", confirmed.flavor().id());
        assertNull(steps.record(server.id()).getSpec().getPreviousFlavor());
        await("confirm recorded", () -> steps.record(server.id()).getStatus().getActions().stream()
                .anyMatch(a -> a.requestId().equals(confirming.requestId()) && "Success".equals(a.result())));
        assertEquals("active", steps.record(server.id()).getStatus().getVmState());
        assertEquals(400, assertThrows(ApiException.class, () -> compute.servers().performAction(again(user), server.id(),
                new ServerAction.ConfirmResize())).status());
    }

    @Test
    void aSecondResizeRightAfterAConfirmStartsFromActiveNotFromTheOldVerifyResize() {
        Caller user = Fixtures.caller("user-r5", "project-r5", "member");
        ServerData server = steps.active(user, "twice");
        compute.servers().performAction(again(user), server.id(), new ServerAction.Resize("2"));
        steps.awaitIdle(user, server.id(), "resized");
        compute.servers().performAction(again(user), server.id(), new ServerAction.ConfirmResize());
        // at once, before the reconciler has seen the confirm (the record may still say "resized")
        compute.servers().performAction(again(user), server.id(), new ServerAction.Resize("3"));
        ServerData second = compute.servers().getServer(user, server.id());
        assertEquals("active", second.vmState(), "the previous resize's VERIFY_RESIZE must not show through");
        assertTrue(second.taskState().orElse("").startsWith("resize_"), second.taskState().toString());
        steps.awaitIdle(user, server.id(), "resized");
        assertEquals("3", compute.servers().getServer(user, server.id()).flavor().id());
        compute.servers().performAction(again(user), server.id(), new ServerAction.RevertResize());
        steps.awaitIdle(user, server.id(), "active");
        assertEquals("2", compute.servers().getServer(user, server.id()).flavor().id());
        for (int i = 0; i < 20; i++) {
            ServerData s = compute.servers().getServer(user, server.id());
            assertEquals(Optional.empty(), s.taskState(), "no task comes back after the revert finished (" + i + ")");
            assertEquals("active", s.vmState());
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void revertRestoresThePreviousHostObjectsExactly() {
        Caller user = Fixtures.caller("user-r2", "project-r2", "member");
        ServerData server = steps.active(user, "revert-me");
        Map<String, Object> before = hostObjects(server.id());

        compute.servers().performAction(again(user), server.id(), new ServerAction.Resize("3"));
        steps.awaitIdle(user, server.id(), "resized");
        assertNotEquals(before, hostObjects(server.id()));

        Caller reverting = again(user);
        compute.servers().performAction(reverting, server.id(), new ServerAction.RevertResize());
        ServerData reverting1 = compute.servers().getServer(user, server.id());
        assertEquals("resized", reverting1.vmState());
        assertEquals(Optional.of("resize_reverting"), reverting1.taskState()); // Nova's REVERT_RESIZE
        steps.awaitIdle(user, server.id(), "active");
        assertEquals("1", compute.servers().getServer(user, server.id()).flavor().id());
        await("previous control plane running", () -> hostObjects(server.id()).equals(before));
        assertEquals(before, hostObjects(server.id()));
        InstanceActionData action = compute.servers().getInstanceAction(user, server.id(), reverting.requestId());
        assertEquals("revertResize", action.action());
        assertTrue(action.events().stream().anyMatch(e -> e.event().equals("apply_flavor")));
    }

    @Test
    void refusalsFollowNova() {
        Caller user = Fixtures.caller("user-r3", "project-r3", "member");
        ServerData server = steps.active(user, "refusals");
        ApiException same = assertThrows(ApiException.class,
                () -> compute.servers().performAction(again(user), server.id(), new ServerAction.Resize("1")));
        assertEquals(400, same.status());
        assertEquals("When resizing, instances must change flavor!", same.getMessage());
        ApiException unknown = assertThrows(ApiException.class,
                () -> compute.servers().performAction(again(user), server.id(), new ServerAction.Resize("no-such-flavor")));
        assertEquals(400, unknown.status());
        assertEquals("Unable to locate requested flavor.", unknown.getMessage());
        ApiException notResized = assertThrows(ApiException.class,
                () -> compute.servers().performAction(again(user), server.id(), new ServerAction.RevertResize()));
        assertEquals(400, notResized.status());
        assertEquals("Instance has not been resized.", notResized.getMessage());

        ServerData building = compute.servers().createServer(user, create("still-building")).servers().get(0);
        ApiException state = assertThrows(ApiException.class,
                () -> compute.servers().performAction(again(user), building.id(), new ServerAction.Resize("2")));
        assertEquals(409, state.status());
        assertEquals("Cannot 'resize' instance " + building.id() + " while it is in vm_state building",
                state.getMessage());
    }

    @Test
    void quotaIsCheckedOnTheGrowth() {
        Caller user = Fixtures.caller("user-r4", "project-r4", "member");
        compute.quotas().updateQuotaSet(ADMIN, "project-r4", Map.of(QuotaResource.CORES, 3), false);
        ServerData server = steps.active(user, "small");
        ApiException e = assertThrows(ApiException.class,
                () -> compute.servers().performAction(again(user), server.id(), new ServerAction.Resize("3")));
        assertEquals(403, e.status());
        assertEquals("Quota exceeded for cores: Requested 3, but already used 1 of 3 cores", e.getMessage());
        assertEquals("1", compute.servers().getServer(user, server.id()).flavor().id());
        compute.servers().performAction(again(user), server.id(), new ServerAction.Resize("2"));
        steps.awaitIdle(user, server.id(), "resized");
    }

    @Test
    void aStoppedServerIsResizedAndConfirmedBackToShutoff() {
        Caller user = Fixtures.caller("user-r5", "project-r5", "member");
        ServerData server = steps.active(user, "stopped-one");
        compute.servers().performAction(again(user), server.id(), new ServerAction.Stop());
        steps.awaitIdle(user, server.id(), "stopped");
        compute.servers().performAction(again(user), server.id(), new ServerAction.Resize("2"));
        steps.awaitIdle(user, server.id(), "resized");
        assertEquals(4, compute.servers().getServer(user, server.id()).powerState()); // still shut down
        compute.servers().performAction(again(user), server.id(), new ServerAction.ConfirmResize());
        assertEquals("stopped", compute.servers().getServer(user, server.id()).vmState());
        steps.awaitIdle(user, server.id(), "stopped");
    }

    private static io.openvcluster.api.model.FlavorData flavorData(ServerRecord r) {
        var f = r.getSpec().getFlavor();
        return new io.openvcluster.api.model.FlavorData(f.id(), f.name(), f.vcpus(), f.ramMb(), f.diskGb(),
                f.ephemeralGb(), f.swapMb(), 1.0, true, false, Optional.empty(), f.extraSpecs());
    }

    private static Map<String, String> quantities(Map<String, io.fabric8.kubernetes.api.model.Quantity> hard) {
        java.util.TreeMap<String, String> out = new java.util.TreeMap<>();
        hard.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }
}
