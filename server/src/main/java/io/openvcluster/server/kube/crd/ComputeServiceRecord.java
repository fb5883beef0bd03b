package io.openvcluster.server.kube.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * What an admin set on one Nova compute service ({@code os-services}): disabled, with a reason, or forced down.
 * {@code metadata.name} comes from {@link Records#computeServiceName(String, String)}. A service nobody changed has
 * no record: it is enabled and not forced down.
 */
@Group(Records.GROUP)
@Version(Records.VERSION)
@Kind("ComputeService")
@Plural("computeservices")
@Singular("computeservice")
public class ComputeServiceRecord extends CustomResource<ComputeServiceRecordSpec, Void> implements Namespaced {

    @Override
    protected ComputeServiceRecordSpec initSpec() {
        return new ComputeServiceRecordSpec();
    }
}
