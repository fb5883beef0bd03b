package io.openvcluster.server.kube.reconcile;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.server.Backend;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.testing.SlowHost;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A facade that stops right after accepting a verb (202) leaves the intent in the record and the host half-way; a
 * new facade on the same cluster finishes the verb and its instance action. A reboot restarts the control plane
 * exactly once even so.
 */
class VerbCrashResumeIT {
    // a slow host (1 s per step) leaves room to stop the backend before the verb completes
    @RegisterExtension
    final SlowHost host = new SlowHost(Duration.ofSeconds(1));

    record Step(ServerAction verb, String target) {
    }

    @Test
    void everyVerbInterruptedAfterItsRequestIsFinishedByANewBackend() {
        String id = host.activeServer("phoenix");
        List<Step> steps = List.of(new Step(new ServerAction.Stop(), "stopped"),
                new Step(new ServerAction.Start(), "active"), new Step(new ServerAction.Pause(), "paused"),
                new Step(new ServerAction.Unpause(), "active"), new Step(new ServerAction.Suspend(), "suspended"),
                new Step(new ServerAction.Resume(), "active"), new Step(new ServerAction.Reboot(false), "active"),
                new Step(new ServerAction.Reboot(true), "active"));
        for (Step step : steps) {
            Caller caller = again(ALICE);
            try (Backend first = host.backend()) {
                first.domain().servers().performAction(caller, id, step.verb());
            }
            // the first backend is gone before the host got there
            assertNotEquals(caller.requestId(), host.record(id).getStatus().getCompletedRequestId(),
                    step.toString());
            try (Backend second = host.backend()) {
                host.awaitIdle(second, id, step.target());
                InstanceActionData action = second.domain().servers().getInstanceAction(ALICE, id, caller.requestId());
                assertEquals(step.verb().name(), action.action());
                assertEquals(caller.requestId(), host.record(id).getStatus().getCompletedRequestId());
                assertEquals(List.of(), action.events().stream().filter(e -> !e.result().equals(
                        Optional.of("Success"))).toList(), step.toString());
            }
        }
    }

    @Test
    void aRebootInterruptedAfterTheRestartRestartsTheControlPlaneOnce() {
        KubernetesClient client = host.client();
        String id = host.activeServer("once");
        ServerRecord record = host.record(id);
        String pod = record.getSpec().getRelease() + "-0";
        Set<String> uids = ConcurrentHashMap.newKeySet();
        SharedIndexInformer<Pod> watch = client.pods().inNamespace(record.getSpec().getHostNamespace())
                .withField("metadata.name", pod).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod obj) {
                        uids.add(obj.getMetadata().getUid());
                    }

                    @Override
                    public void onUpdate(Pod oldObj, Pod newObj) {
                        uids.add(newObj.getMetadata().getUid());
                    }

                    @Override
                    public void onDelete(Pod obj, boolean deletedFinalStateUnknown) {
                    }
                });
        try {
            Caller caller = again(ALICE);
            try (Backend first = host.backend()) {
                first.domain().servers().performAction(caller, id, new ServerAction.Reboot(false));
                // stop once the pods to restart are fixed (and the control-plane pod deleted)
                await("restart recorded", () -> host.record(id).getStatus().getRestart() != null
                        && caller.requestId().equals(host.record(id).getStatus().getRestart().requestId()));
            }
            try (Backend second = host.backend()) {
                host.awaitIdle(second, id, "active");
                assertEquals(caller.requestId(), host.record(id).getStatus().getCompletedRequestId());
            }
            // the pod before the reboot and the one after: never a third
            await("new pod seen", () -> uids.size() >= 2);
            assertEquals(2, uids.size(), uids.toString());
        } finally {
            watch.close();
        }
    }

}
