package io.openvcluster.server.kube.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A project's security group (Nova {@code os-security-groups}) with its ingress rules; {@code metadata.name} comes
 * from {@link Records#securityGroupName(String)}. The servers in it name its id in their spec; the reconciler turns
 * its rules into NetworkPolicies in their host namespaces.
 */
@Group(Records.GROUP)
@Version(Records.VERSION)
@Kind("SecurityGroup")
@Plural("securitygroups")
@Singular("securitygroup")
public class SecurityGroupRecord extends CustomResource<SecurityGroupRecordSpec, Void> implements Namespaced {

    @Override
    protected SecurityGroupRecordSpec initSpec() {
        return new SecurityGroupRecordSpec();
    }
}
