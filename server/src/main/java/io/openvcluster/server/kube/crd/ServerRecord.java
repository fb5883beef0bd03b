package io.openvcluster.server.kube.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Nova server: {@code metadata.name} is the server UUID. The spec is what the user asked for (written by the
 * compute service), the status is what the reconciler observed (the status subresource, written separately).
 */
@Group(Records.GROUP)
@Version(Records.VERSION)
@Kind("Server")
@Plural("servers")
@Singular("server")
public class ServerRecord extends CustomResource<ServerSpec, ServerStatus> implements Namespaced {

    @Override
    protected ServerSpec initSpec() {
        return new ServerSpec();
    }
}
