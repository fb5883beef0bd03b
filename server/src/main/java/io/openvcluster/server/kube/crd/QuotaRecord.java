package io.openvcluster.server.kube.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A project's own compute quota limits (Nova {@code os-quota-sets}); {@code metadata.name} comes from
 * {@link Records#quotaName(String)}. Only the limits an admin set are stored: the others follow the defaults.
 */
@Group(Records.GROUP)
@Version(Records.VERSION)
@Kind("QuotaSet")
@Plural("quotasets")
@Singular("quotaset")
public class QuotaRecord extends CustomResource<QuotaRecordSpec, Void> implements Namespaced {

    @Override
    protected QuotaRecordSpec initSpec() {
        return new QuotaRecordSpec();
    }
}
