package io.openvcluster.server.kube.reconcile;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.openvcluster.server.kube.crd.ActionHistory;
import io.openvcluster.server.kube.crd.ActionRequest;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.host.HostObserver;
import io.openvcluster.server.kube.progress.HostOperationLog;
import io.openvcluster.server.kube.provision.HelmClient;
import io.openvcluster.server.kube.provision.VclusterProvisioner;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.server.work.Deadline;
import io.openvcluster.translator.DerivedState;
import io.openvcluster.translator.StateDeriver;
import io.openvcluster.translator.VclusterNames;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A deleted server's pass: its status shows the deletion, then the vcluster goes (Helm's uninstall on the Helm path,
 * then its objects, pods, data PVC and Secrets, explicitly), then its namespace, but only if it carries this server's
 * label; the record goes once a live read shows the namespace gone, what Nova keeps of a deleted server written just
 * before it ({@link DeletedServers}). Every step can be repeated.
 */
final class Teardown {
    private static final System.Logger LOG = System.getLogger(Teardown.class.getName());
    /** While the namespace terminates, the server is looked at again this often. */
    private static final Duration NAMESPACE_GONE_POLL = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final RecordStore store;
    private final HostObserver observer;
    private final VclusterProvisioner provisioner;
    private final StatusWriter statusWriter;
    private final WorkQueue queue;
    private final HelmRefusals helmRefusals;
    private final DeletedServers deletedServers;

    Teardown(KubernetesClient client, RecordStore store, HostObserver observer, VclusterProvisioner provisioner,
             StatusWriter statusWriter, WorkQueue queue, HelmRefusals helmRefusals, DeletedServers deletedServers) {
        this.client = client;
        this.store = store;
        this.observer = observer;
        this.provisioner = provisioner;
        this.statusWriter = statusWriter;
        this.queue = queue;
        this.helmRefusals = helmRefusals;
        this.deletedServers = deletedServers;
    }

    void run(ServerRecord record, VclusterNames names) {
        DerivedState derived = StateDeriver.derive(Reconciler.intent(record), true,
                Reconciler.everActive(record), observer.observe(names));
        // the delete request enters the history here (deleted before the first status: after the create)
        Optional<ActionRequest> delete = Optional.ofNullable(record.getSpec().getDeleteRequest());
        Optional<ServerRecord> current = statusWriter.write(record, derived, Optional.empty(),
                record.getStatus() == null ? null : record.getStatus().getObservedGeneration(),
                (status, now) -> delete.ifPresent(d -> status.setActions(
                        ActionHistory.withStarted(status.getActions(), d))));
        if (!removeFromHost(names, delete.map(ActionRequest::requestId))) {
            return;
        }
        // kept first: a crash between the two writes leaves the server record, whose next pass keeps nothing twice
        deletedServers.keep(current.orElse(record));
        client.resources(ServerRecord.class).inNamespace(store.namespace()).withName(names.serverId()).delete();
        store.deleted(current.orElse(record));
        HostOperationLog.performed("namespace " + names.namespace() + " gone: the server's record removed",
                delete.map(ActionRequest::requestId));
        helmRefusals.cleared(names.serverId());
    }

    /**
     * Everything of the vcluster on the host: Helm's release (on the Helm path), its objects, then its namespace if it
     * carries this server's label. A delete and a shelve offload both end with this; every step can be repeated.
     *
     * @param cause the request the removal serves (the delete, the shelve), for the log
     * @return true once the namespace is gone; false while it terminates (the server is looked at again soon)
     */
    boolean removeFromHost(VclusterNames names, Optional<String> cause) {
        Deadline.checkpoint();
        try {
            provisioner.uninstall(names);
        } catch (HelmClient.HelmException e) {
            if (e.transientFailure()) {
                throw e;
            }
            // a release Helm cannot uninstall must not block a delete: the objects below and the namespace go anyway
            LOG.log(System.Logger.Level.WARNING, "delete " + names.serverId() + ": " + e.getMessage()
                    + "; deleting the vcluster's objects and namespace without Helm");
        }
        Deadline.checkpoint();
        deleteHostObjects(names);
        Deadline.checkpoint();
        Namespace namespace = client.namespaces().withName(names.namespace()).get();
        if (namespace != null && ownedBy(namespace, names.serverId())) {
            if (namespace.getMetadata().getDeletionTimestamp() == null) {
                client.resource(namespace).delete();
                HostOperationLog.performed("deleted the vcluster's objects and namespace " + names.namespace(),
                        cause);
            }
            namespace = client.namespaces().withName(names.namespace()).get();
        }
        if (namespace != null && ownedBy(namespace, names.serverId())) {
            queue.addLater(names.serverId(), NAMESPACE_GONE_POLL); // terminating: come back when it is gone
            return false;
        }
        return true;
    }

    /**
     * What {@code helm uninstall} plus the vcluster CLI's delete remove, explicitly (not every cluster cascades):
     * the chart's objects (label {@code release}), the pods, the data PVC and the Secrets the running vcluster wrote.
     */
    private void deleteHostObjects(VclusterNames names) {
        String ns = names.namespace();
        Map<String, String> release = Map.of("release", names.release());
        client.apps().statefulSets().inNamespace(ns).withLabels(release).delete();
        client.pods().inNamespace(ns).withLabels(Map.of("app", "vcluster", "release", names.release())).delete();
        client.services().inNamespace(ns).withLabels(release).delete();
        client.secrets().inNamespace(ns).withLabels(release).delete();
        client.secrets().inNamespace(ns).withName(names.kubeconfigSecret()).delete();
        client.secrets().inNamespace(ns).withName(names.release() + "-certs").delete();
        client.serviceAccounts().inNamespace(ns).withLabels(release).delete();
        client.rbac().roleBindings().inNamespace(ns).withLabels(release).delete();
        client.rbac().roles().inNamespace(ns).withLabels(release).delete();
        client.resourceQuotas().inNamespace(ns).withLabels(release).delete();
        client.limitRanges().inNamespace(ns).withLabels(release).delete();
        client.persistentVolumeClaims().inNamespace(ns).withName(names.dataPvc()).delete();
    }

    private static boolean ownedBy(Namespace namespace, String serverId) {
        Map<String, String> labels = namespace.getMetadata().getLabels();
        return labels != null && serverId.equals(labels.get(Records.LABEL_SERVER_ID));
    }
}
