package io.openvcluster.server.compute;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.openvcluster.api.ServerStates;
import io.openvcluster.server.kube.crd.DeletedServerRecord;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.translator.NovaStates;

/**
 * A kept deleted server as Nova lists it to {@code changes-since}: vm state {@code deleted} (status {@code DELETED}),
 * no task, power state NOSTATE, {@code updated} the time of the delete, and no address (its Service is gone); the rest
 * is what the server was when deleted.
 */
final class DeletedServerViews {
    private DeletedServerViews() {
    }

    /** The server record the deleted server would be (a copy: the kept record is the cache's). */
    static ServerRecord asRecord(DeletedServerRecord kept) {
        DeletedServerRecord copy = Records.copy(kept);
        ServerSpec spec = copy.getSpec().getServer();
        spec.setDeleteRequested(false);
        ServerStatus status = new ServerStatus();
        status.setVmState(ServerStates.DELETED);
        status.setPowerState(NovaStates.POWER_NOSTATE);
        status.setLaunchedAt(copy.getSpec().getLaunchedAt());
        status.setUpdatedAt(copy.getSpec().getDeletedAt());
        ServerRecord record = new ServerRecord();
        record.setMetadata(new ObjectMetaBuilder().withName(copy.getMetadata().getName())
                .withNamespace(copy.getMetadata().getNamespace())
                .withResourceVersion(copy.getMetadata().getResourceVersion()).build());
        record.setSpec(spec);
        record.setStatus(status);
        return record;
    }
}
