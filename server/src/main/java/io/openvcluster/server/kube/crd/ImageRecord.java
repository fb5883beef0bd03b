package io.openvcluster.server.kube.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Glance image (a vcluster chart + Kubernetes version); {@code metadata.name} from {@link Records#imageName(String)}. */
@Group(Records.GROUP)
@Version(Records.VERSION)
@Kind("Image")
@Plural("images")
@Singular("image")
public class ImageRecord extends CustomResource<ImageRecordSpec, Void> implements Namespaced {

    @Override
    protected ImageRecordSpec initSpec() {
        return new ImageRecordSpec();
    }
}
