package io.openvcluster.server.kube.reconcile;

import static io.openvcluster.server.testing.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The delete request writes the spec only; the reconciler, the status's one writer, enters the delete action in the
 * history with the first status of the teardown, before anything is deleted.
 */
@SandboxBackendTest(simulatorDelayMillis = 50)
class DeleteHistoryIT {
    private static KubernetesClient client;
    private static Domain compute;
    private static ServerSteps steps;

    @Test
    void theTeardownsFirstStatusShowsTheDeleteInTheHistory() {
        ServerData server = steps.active(ALICE, "deleted-with-history");
        Queue<ServerStatus> seen = new ConcurrentLinkedQueue<>();
        boolean[] gone = {false};
        try (Watch watch = client.resources(ServerRecord.class).inNamespace(Fixtures.settings().namespace())
                .withName(server.id()).watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, ServerRecord record) {
                        if (action == Action.DELETED) {
                            gone[0] = true;
                        } else if (record.getStatus() != null) {
                            seen.add(record.getStatus());
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                })) {
            compute.servers().deleteServer(Fixtures.again(ALICE), server.id());
            Eventually.await("the record is gone", () -> gone[0]);
        }
        List<ServerStatus> deleting = seen.stream().filter(s -> "deleting".equals(s.getTaskState())).toList();
        assertTrue(!deleting.isEmpty(), "a status with task deleting was written");
        ActionEvent newest = deleting.getFirst().getActions().getFirst();
        assertEquals("delete", newest.action());
        assertEquals(ALICE.userId(), newest.userId());
    }
}
