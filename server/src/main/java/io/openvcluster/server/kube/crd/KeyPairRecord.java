package io.openvcluster.server.kube.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A user's key pair (Nova {@code os-keypairs}); {@code metadata.name} comes from
 * {@link Records#keyPairName(String, String)}. Only the public key is kept: a generated private key is returned
 * once and never stored.
 */
@Group(Records.GROUP)
@Version(Records.VERSION)
@Kind("KeyPair")
@Plural("keypairs")
@Singular("keypair")
public class KeyPairRecord extends CustomResource<KeyPairRecordSpec, Void> implements Namespaced {

    @Override
    protected KeyPairRecordSpec initSpec() {
        return new KeyPairRecordSpec();
    }
}
