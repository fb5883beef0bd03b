package io.openvcluster.server.kube.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * What outlives a deleted server for the retention time ({@code OVC_DELETED_SERVER_RETENTION}): its id
 * ({@code metadata.name}, as the server record's), project and user labels, what it was (the spec as last written),
 * its instance-action history with the delete finished, and the time of the delete. Written by the reconciler just
 * before it removes the server record; deleted by the reconciler once the retention has passed. Nova keeps a deleted
 * instance's row and actions in its database the same way (shown from 2.21, and by {@code changes-since} lists).
 */
@Group(Records.GROUP)
@Version(Records.VERSION)
@Kind("DeletedServer")
@Plural("deletedservers")
@Singular("deletedserver")
public class DeletedServerRecord extends CustomResource<DeletedServerSpec, Void> implements Namespaced {

    @Override
    protected DeletedServerSpec initSpec() {
        return new DeletedServerSpec();
    }
}
