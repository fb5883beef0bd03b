package io.openvcluster.server.kube.reconcile;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.server.Backend;
import io.openvcluster.server.compute.ServerAction;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.testing.SlowHost;
import io.openvcluster.translator.DefaultCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Facades stopped at each step of a reimage (a rebuild from a base image): after the 202, while the control plane is
 * paused, once the data volume claim is gone. Each new facade carries on from what the record and the host show; the
 * last finds the server ACTIVE on the older version with a new data claim, each host operation entered once.
 */
class ReimageCrashResumeIT {
    // a slow host (1 s per step) leaves room to stop each facade in the middle
    @RegisterExtension
    final SlowHost host = new SlowHost(Duration.ofSeconds(1));

    @Test
    void aReimageInterruptedAtEachStepIsFinishedByNewFacades() {
        KubernetesClient client = host.client();
        String id = host.activeServer("wipe-me");
        ServerRecord server = host.record(id);
        String ns = server.getSpec().getHostNamespace();
        String release = server.getSpec().getRelease();
        String claim = "data-" + release + "-0";
        String claimUid = client.persistentVolumeClaims().inNamespace(ns).withName(claim).get().getMetadata().getUid();
        String older = DefaultCatalog.images().get(2).id();
        Caller rebuilder = again(ALICE);
        try (Backend first = host.backend()) {
            first.domain().servers().rebuildServer(rebuilder, id, new ServerAction.Rebuild(older, Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        }
        try (Backend second = host.backend()) {
            await("the control plane paused for the wipe", () -> {
                var sts = client.apps().statefulSets().inNamespace(ns).withName(release).get();
                return sts.getSpec().getReplicas() == 0
                        && "true".equals(sts.getMetadata().getAnnotations().get("loft.sh/restoring"));
            });
        }
        try (Backend third = host.backend()) {
            await("the data claim deleted", () -> {
                var pvc = client.persistentVolumeClaims().inNamespace(ns).withName(claim).get();
                return pvc == null || !claimUid.equals(pvc.getMetadata().getUid());
            });
        }
        try (Backend fourth = host.backend()) {
            host.awaitIdle(fourth, id, "active");
            await("a new data claim", () -> client.persistentVolumeClaims().inNamespace(ns).withName(claim).get() != null);
            assertNotEquals(claimUid, client.persistentVolumeClaims().inNamespace(ns).withName(claim).get()
                    .getMetadata().getUid());
            assertEquals(DefaultCatalog.images().get(2).spec().kubernetesVersion(),
                    host.record(id).getSpec().getImage().kubernetesVersion());
            List<String> events = fourth.domain().servers().getInstanceAction(ALICE, id, rebuilder.requestId())
                    .events().stream().map(InstanceActionData.Event::event).toList();
            assertEquals(List.of("vcluster_pause", "delete_workload_pods", "wipe_data", "apply_image"),
                    events.stream().filter(e -> !e.equals("vcluster_resume")).toList());
            assertEquals(events.stream().distinct().toList(), events, "each host operation entered once");
            assertNotNull(client.namespaces().withName(ns).get());
        }
    }
}
