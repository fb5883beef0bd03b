package io.openvcluster.server.kube.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Nova flavor (a vcluster size); {@code metadata.name} comes from {@link Records#flavorName(String)}. */
@Group(Records.GROUP)
@Version(Records.VERSION)
@Kind("Flavor")
@Plural("flavors")
@Singular("flavor")
public class FlavorRecord extends CustomResource<FlavorRecordSpec, Void> implements Namespaced {

    @Override
    protected FlavorRecordSpec initSpec() {
        return new FlavorRecordSpec();
    }
}
