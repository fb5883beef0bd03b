package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ADMIN;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.sandbox.HostSimulator;
import io.openvcluster.server.sandbox.SandboxCluster;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each power verb against the sandbox: the host operations it performs, the states it goes through, its history. */
@SandboxBackendTest(simulatorDelayMillis = 200)
class PowerVerbsIT {
    private static SandboxCluster sandbox;
    private static KubernetesClient client;
    private static Domain compute;
    private static ServerSteps steps;

    @Test
    void stopPausesTheVclusterAsVclusterDoesAndStartResumesIt() {
        String id = activeServer("stopper");
        Pod workload = workloadPod(id, "web-1");
        Caller stop = again(ALICE);
        compute.servers().performAction(stop, id, new ServerAction.Stop());
        // at once: the verb's task, from the record alone
        assertEquals(Optional.of("powering-off"), compute.servers().getServer(ALICE, id).taskState());
        steps.awaitIdle(ALICE, id, "stopped");
        ServerData stopped = compute.servers().getServer(ALICE, id);
        assertEquals(4, stopped.powerState());
        StatefulSet sts = steps.statefulSet(id);
        assertEquals(0, sts.getSpec().getReplicas());
        assertEquals("true", sts.getMetadata().getAnnotations().get("loft.sh/paused"));
        assertEquals("1", sts.getMetadata().getAnnotations().get("loft.sh/paused-replicas"));
        assertTrue(sts.getMetadata().getAnnotations().get("loft.sh/paused-date")
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertNull(client.pods().inNamespace(workload.getMetadata().getNamespace()).withName("web-1").get());
        InstanceActionData action = compute.servers().getInstanceAction(ALICE, id, stop.requestId());
        assertEquals("stop", action.action());
        assertEquals(List.of("vcluster_pause", "delete_workload_pods"), events(action));
        assertTrue(action.events().stream().allMatch(e -> e.result().equals(Optional.of("Success"))));

        Caller start = again(ALICE);
        compute.servers().performAction(start, id, new ServerAction.Start());
        assertEquals(Optional.of("powering-on"), compute.servers().getServer(ALICE, id).taskState());
        assertEquals("stopped", compute.servers().getServer(ALICE, id).vmState());
        steps.awaitIdle(ALICE, id, "active");
        assertEquals(1, compute.servers().getServer(ALICE, id).powerState());
        StatefulSet resumed = steps.statefulSet(id);
        assertEquals(1, resumed.getSpec().getReplicas());
        assertFalse(resumed.getMetadata().getAnnotations().containsKey("loft.sh/paused"));
        assertFalse(resumed.getMetadata().getAnnotations().containsKey("loft.sh/paused-replicas"));
        assertEquals(List.of("vcluster_resume"), events(compute.servers().getInstanceAction(ALICE, id, start.requestId())));
        List<String> history = compute.servers().listInstanceActions(ALICE, id, InstanceActionQuery.all()).stream()
                .map(InstanceActionData::action).toList();
        assertEquals(List.of("start", "stop", "create"), history);
    }

    @Test
    void pauseKeepsWorkloadPodsRunningAndSuspendDeletesThem() {
        String id = activeServer("pauser");
        workloadPod(id, "keep-me");
        String ns = steps.record(id).getSpec().getHostNamespace();
        compute.servers().performAction(again(ALICE), id, new ServerAction.Pause());
        steps.awaitIdle(ALICE, id, "paused");
        assertEquals(3, compute.servers().getServer(ALICE, id).powerState());
        assertEquals(0, steps.statefulSet(id).getSpec().getReplicas());
        assertNotNull(client.pods().inNamespace(ns).withName("keep-me").get());

        Caller unpause = again(ALICE);
        compute.servers().performAction(unpause, id, new ServerAction.Unpause());
        assertEquals(Optional.of("unpausing"), compute.servers().getServer(ALICE, id).taskState());
        steps.awaitIdle(ALICE, id, "active");

        compute.servers().performAction(again(ALICE), id, new ServerAction.Suspend());
        steps.awaitIdle(ALICE, id, "suspended");
        assertEquals(7, compute.servers().getServer(ALICE, id).powerState());
        assertNull(client.pods().inNamespace(ns).withName("keep-me").get());
        compute.servers().performAction(again(ALICE), id, new ServerAction.Resume());
        steps.awaitIdle(ALICE, id, "active");
        assertEquals(1, steps.statefulSet(id).getSpec().getReplicas());
    }

    @Test
    void softRebootRestartsTheControlPlaneOnceAndHardAlsoTheWorkloads() {
        String id = activeServer("rebooter");
        String ns = steps.record(id).getSpec().getHostNamespace();
        String podName = steps.record(id).getSpec().getRelease() + "-0";
        String before = client.pods().inNamespace(ns).withName(podName).get().getMetadata().getUid();
        Pod workload = workloadPod(id, "app-1");

        Caller soft = again(ALICE);
        compute.servers().performAction(soft, id, new ServerAction.Reboot(false));
        assertEquals(Optional.of("rebooting"), compute.servers().getServer(ALICE, id).taskState());
        steps.awaitIdle(ALICE, id, "active");
        Pod after = client.pods().inNamespace(ns).withName(podName).get();
        assertNotEquals(before, after.getMetadata().getUid());
        assertEquals(workload.getMetadata().getUid(),
                client.pods().inNamespace(ns).withName("app-1").get().getMetadata().getUid());
        assertEquals(List.of("restart_control_plane"), events(compute.servers().getInstanceAction(ALICE, id, soft.requestId())));

        Caller hard = again(ALICE);
        compute.servers().performAction(hard, id, new ServerAction.Reboot(true));
        assertEquals(Optional.of("rebooting_hard"), compute.servers().getServer(ALICE, id).taskState());
        steps.awaitIdle(ALICE, id, "active");
        assertNotEquals(after.getMetadata().getUid(),
                client.pods().inNamespace(ns).withName(podName).get().getMetadata().getUid());
        assertNull(client.pods().inNamespace(ns).withName("app-1").get());
        assertEquals(List.of("restart_control_plane", "restart_workload_pods"),
                events(compute.servers().getInstanceAction(ALICE, id, hard.requestId())));
        // done once: the new control-plane pod stays
        String settled = client.pods().inNamespace(ns).withName(podName).get().getMetadata().getUid();
        // a spec change makes the reconciler look again; it must not restart anything more
        compute.attributes().setMetadata(again(ALICE), id, Map.of("poke", "1"), false);
        Long generation = steps.record(id).getMetadata().getGeneration();
        await("another pass", () -> generation.equals(steps.record(id).getStatus().getObservedGeneration()));
        assertEquals(settled, client.pods().inNamespace(ns).withName(podName).get().getMetadata().getUid());
    }

    @Test
    void aHardRebootOfAStoppedServerBringsItBackActive() {
        String id = activeServer("cold");
        compute.servers().performAction(again(ALICE), id, new ServerAction.Stop());
        steps.awaitIdle(ALICE, id, "stopped");
        ApiException soft = assertThrows(ApiException.class,
                () -> compute.servers().performAction(again(ALICE), id, new ServerAction.Reboot(false)));
        assertEquals(409, soft.status());
        assertEquals("Cannot 'reboot' instance " + id + " while it is in vm_state stopped", soft.getMessage());
        compute.servers().performAction(again(ALICE), id, new ServerAction.Reboot(true));
        steps.awaitIdle(ALICE, id, "active");
        assertEquals(1, steps.statefulSet(id).getSpec().getReplicas());
    }

    @Test
    void lockIsEnforcedAsNovaDoes() {
        String id = activeServer("locked");
        compute.servers().performAction(again(ALICE), id, new ServerAction.Lock(Optional.of("maintenance")));
        ServerData locked = compute.servers().getServer(ALICE, id);
        assertTrue(locked.locked());
        assertEquals(Optional.of("maintenance"), locked.lockedReason());
        // Nova: even the project that locked it may not act on it, only unlock it
        ApiException e = assertThrows(ApiException.class,
                () -> compute.servers().performAction(again(ALICE), id, new ServerAction.Stop()));
        assertEquals(409, e.status());
        assertEquals("Instance " + id + " is locked", e.getMessage());
        assertEquals(409, assertThrows(ApiException.class, () -> compute.servers().deleteServer(again(ALICE), id)).status());
        // an admin acts on a locked server
        compute.servers().performAction(again(ADMIN), id, new ServerAction.Pause());
        steps.awaitIdle(ALICE, id, "paused");
        compute.servers().performAction(again(ALICE), id, new ServerAction.Unlock());
        assertFalse(compute.servers().getServer(ALICE, id).locked());

        // locked by an admin: the owner may not unlock (403), an admin may
        compute.servers().performAction(again(ADMIN), id, new ServerAction.Lock(Optional.empty()));
        ApiException forbidden = assertThrows(ApiException.class,
                () -> compute.servers().performAction(again(ALICE), id, new ServerAction.Unlock()));
        assertEquals(403, forbidden.status());
        assertEquals("Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.",
                forbidden.getMessage());
        compute.servers().performAction(again(ADMIN), id, new ServerAction.Unlock());
        assertFalse(compute.servers().getServer(ALICE, id).locked());
        List<String> history = compute.servers().listInstanceActions(ALICE, id, InstanceActionQuery.all()).stream()
                .map(InstanceActionData::action).toList();
        assertEquals(List.of("unlock", "lock", "unlock", "pause", "lock", "create"), history);
    }

    @Test
    void aControlPlaneThatCrashesDuringStartEndsInErrorWithAFault() {
        String id = activeServer("crasher");
        compute.servers().performAction(again(ALICE), id, new ServerAction.Stop());
        steps.awaitIdle(ALICE, id, "stopped");
        // the control plane will not come back: its pods crash (the simulator's fault injection)
        StatefulSet sts = steps.statefulSet(id);
        sts.getMetadata().getAnnotations().put(HostSimulator.POD_FAULT_ANNOTATION, "CrashLoopBackOff");
        client.resource(sts).update();
        Caller start = again(ALICE);
        compute.servers().performAction(start, id, new ServerAction.Start());
        await("error", () -> "error".equals(compute.servers().getServer(ALICE, id).vmState()));
        ServerData failed = compute.servers().getServer(ALICE, id);
        assertTrue(failed.fault().orElseThrow().message().contains("CrashLoopBackOff"), failed.fault().toString());
        InstanceActionData action = compute.servers().getInstanceAction(ALICE, id, start.requestId());
        assertEquals(Optional.of("Error"), action.message());
    }

    @Test
    void consoleOutputIsTheControlPlanePodLogAndNeedsARunningControlPlane() {
        String id = activeServer("console");
        String whole = compute.servers().consoleOutput(ALICE, id, Optional.empty());
        assertTrue(whole.contains("no vcluster runs in the sandbox"), whole);
        assertTrue(whole.contains("control plane Ready"), whole);
        String tail = compute.servers().consoleOutput(ALICE, id, Optional.of(2));
        assertEquals(2, tail.split("\n", -1).length, tail);
        assertTrue(whole.endsWith(tail), tail);
        compute.servers().performAction(again(ALICE), id, new ServerAction.Stop());
        steps.awaitIdle(ALICE, id, "stopped");
        ApiException e = assertThrows(ApiException.class, () -> compute.servers().consoleOutput(ALICE, id, Optional.empty()));
        assertEquals(409, e.status());
        assertEquals("Instance " + id + " is not ready", e.getMessage());
    }

    // ---- helpers

    static String activeServer(String name) {
        return steps.active(again(ALICE), name).id();
    }

    /** A host pod as vcluster's syncer creates it for a virtual pod. */
    static Pod workloadPod(String id, String name) {
        ServerRecord r = steps.record(id);
        return client.resource(new PodBuilder().withNewMetadata().withName(name)
                .withNamespace(r.getSpec().getHostNamespace())
                .withLabels(Map.of("vcluster.loft.sh/managed-by", r.getSpec().getRelease()))
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer()
                .endSpec().build()).create();
    }

    static List<String> events(InstanceActionData action) {
        return action.events().stream().map(InstanceActionData.Event::event).toList();
    }
}
