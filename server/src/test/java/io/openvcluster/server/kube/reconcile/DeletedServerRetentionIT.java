package io.openvcluster.server.kube.reconcile;

import static io.openvcluster.server.testing.Fixtures.ADMIN;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.BOB;
import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.compute.Domain;
import io.openvcluster.server.compute.InstanceActionQuery;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.DeletedServerRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A deleted server's record is replaced by what Nova keeps of it (a DeletedServer record, its history with the delete
 * finished), readable by its project and admins only when asked for deleted servers (2.21), and expired by the
 * reconciler once the retention (6 s here) has passed.
 */
@SandboxBackendTest(simulatorDelayMillis = 50, deletedServerRetentionSeconds = 6)
class DeletedServerRetentionIT {
    private static KubernetesClient client;
    private static Domain compute;
    private static ServerSteps steps;

    @Test
    void aDeletedServersActionsOutliveItForTheRetentionOnly() {
        ServerData server = steps.active(ALICE, "kept-after-delete");
        Caller stopper = again(ALICE);
        compute.servers().performAction(stopper, server.id(), new ServerAction.Stop());
        steps.awaitIdle(ALICE, server.id(), "stopped");
        Caller deleter = again(ALICE);
        Instant beforeDelete = Instant.now();
        compute.servers().deleteServer(deleter, server.id());
        Eventually.await("the server record is gone", () -> client.resources(ServerRecord.class)
                .inNamespace(Fixtures.settings().namespace()).withName(server.id()).get() == null);

        DeletedServerRecord kept = client.resources(DeletedServerRecord.class)
                .inNamespace(Fixtures.settings().namespace()).withName(server.id()).get();
        assertEquals(ALICE.projectId(), kept.getMetadata().getLabels().get(Records.LABEL_PROJECT_ID));
        assertEquals("kept-after-delete", kept.getSpec().getServer().getName());
        assertTrue(!Instant.parse(kept.getSpec().getDeletedAt()).isBefore(beforeDelete));

        List<InstanceActionData> actions = compute.servers().listInstanceActions(ALICE, server.id(),
                InstanceActionQuery.all(), true);
        assertEquals(List.of("delete", "stop", "create"), actions.stream().map(InstanceActionData::action).toList());
        assertEquals(deleter.requestId(), actions.getFirst().requestId());
        assertEquals(Optional.empty(), actions.getFirst().message(), "the delete finished without error");
        assertEquals(stopper.requestId(), compute.servers().instanceAction(ADMIN, server.id(), stopper.requestId(),
                true).action().requestId(), "an admin sees any project's deleted server");
        assertEquals(404, assertThrows(ApiException.class, () -> compute.servers().listInstanceActions(BOB,
                server.id(), InstanceActionQuery.all(), true)).status(), "another project's deleted server");
        assertEquals(404, assertThrows(ApiException.class, () -> compute.servers().listInstanceActions(ALICE,
                server.id(), InstanceActionQuery.all())).status(), "not asked for deleted servers (before 2.21)");
        assertEquals(404, assertThrows(ApiException.class, () -> compute.servers().getServer(ALICE, server.id()))
                .status(), "the server itself is gone");

        Eventually.await("expired after the retention", Duration.ofSeconds(30), () -> client.resources(
                DeletedServerRecord.class).inNamespace(Fixtures.settings().namespace()).withName(server.id())
                .get() == null);
        assertTrue(Instant.now().isAfter(Instant.parse(kept.getSpec().getDeletedAt()).plusSeconds(6)),
                "not before the retention");
        assertEquals(404, assertThrows(ApiException.class, () -> compute.servers().listInstanceActions(ALICE,
                server.id(), InstanceActionQuery.all(), true)).status(), "gone with it");
    }
}
