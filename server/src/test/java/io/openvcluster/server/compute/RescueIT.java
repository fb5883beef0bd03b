package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.again;
import static io.openvcluster.server.testing.Fixtures.caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Rescue stops the vcluster and starts a rescue pod with its data volume mounted (RESCUE, the console log is the
 * rescue pod's); unrescue deletes the pod and resumes the vcluster (ACTIVE); Nova's guards and 400s.
 */
@SandboxBackendTest(simulatorDelayMillis = 50)
class RescueIT {
    private static final Caller JO = caller("user-jo", "project-kappa", "member");
    private static Domain compute;
    private static ServerSteps steps;
    private static KubernetesClient client;

    @Test
    void rescueRunsAPodOnTheDataVolumeAndUnrescueResumesTheVcluster() {
        ServerData server = steps.active(JO, "broken");
        ServerRecord record = steps.record(server.id());
        String ns = record.getSpec().getHostNamespace();
        String podName = record.getSpec().getRelease() + "-rescue";
        Caller rescuer = again(JO);
        ActionResult result = compute.servers().perform(rescuer, server.id(),
                new ServerAction.Rescue(Optional.of("s3cret"), Optional.empty()));
        assertEquals(new ActionResult.Rescued(), result, "a vcluster has no administrator password to answer with");
        steps.awaitIdle(JO, server.id(), "rescued");

        assertEquals(0, steps.statefulSet(server.id()).getSpec().getReplicas(), "the control plane is down");
        Pod pod = client.pods().inNamespace(ns).withName(podName).get();
        assertNotNull(pod, "the rescue pod");
        assertEquals("Running", pod.getStatus().getPhase());
        assertTrue(pod.getSpec().getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
                && v.getPersistentVolumeClaim().getClaimName().equals("data-" + record.getSpec().getRelease() + "-0")),
                "the data volume mounted");
        assertTrue(compute.servers().consoleOutput(JO, server.id(), Optional.empty()).contains("rescue pod"),
                "the console log is the rescue pod's");
        assertEquals(List.of("vcluster_pause", "delete_workload_pods", "start_rescue_pod"),
                events(server.id(), rescuer));

        ApiException stop = assertThrows(ApiException.class, () -> compute.servers().performAction(again(JO),
                server.id(), new ServerAction.Stop()));
        assertEquals(409, stop.status(), "Nova's guards: a rescued server is only unrescued");

        Caller unrescuer = again(JO);
        compute.servers().performAction(unrescuer, server.id(), new ServerAction.Unrescue());
        steps.awaitIdle(JO, server.id(), "active");
        await("the rescue pod gone", () -> client.pods().inNamespace(ns).withName(podName).get() == null);
        assertEquals(1, steps.statefulSet(server.id()).getSpec().getReplicas(), "resumed");
        assertEquals(List.of("delete_rescue_pod", "vcluster_resume"), events(server.id(), unrescuer));
    }

    @Test
    void rescueRefusesWhatNovaRefuses() {
        ServerData server = steps.active(JO, "fine");
        ApiException unrescue = assertThrows(ApiException.class, () -> compute.servers().performAction(again(JO),
                server.id(), new ServerAction.Unrescue()));
        assertEquals(409, unrescue.status());
        assertEquals("Cannot 'unrescue' instance " + server.id() + " while it is in vm_state active",
                unrescue.getMessage());
        ApiException unknown = assertThrows(ApiException.class, () -> compute.servers().perform(again(JO),
                server.id(), new ServerAction.Rescue(Optional.empty(), Optional.of("no-such-image"))));
        assertEquals(400, unknown.status());
        assertEquals("active", compute.servers().getServer(JO, server.id()).vmState(), "nothing changed");

        // a base image names the vcluster version of the rescue pod
        compute.servers().perform(again(JO), server.id(), new ServerAction.Rescue(Optional.empty(),
                Optional.of(Fixtures.IMAGE)));
        steps.awaitIdle(JO, server.id(), "rescued");
    }

    private static List<String> events(String serverId, Caller caller) {
        return compute.servers().getInstanceAction(JO, serverId, caller.requestId()).events().stream()
                .map(InstanceActionData.Event::event).toList();
    }
}
