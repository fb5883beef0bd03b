package io.openvcluster.server.kube.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Nova server group ({@code os-server-groups}): a placement policy over host clusters and the servers made in it;
 * {@code metadata.name} comes from {@link Records#serverGroupName(String)}.
 */
@Group(Records.GROUP)
@Version(Records.VERSION)
@Kind("ServerGroup")
@Plural("servergroups")
@Singular("servergroup")
public class ServerGroupRecord extends CustomResource<ServerGroupRecordSpec, Void> implements Namespaced {

    @Override
    protected ServerGroupRecordSpec initSpec() {
        return new ServerGroupRecordSpec();
    }
}
