package io.openvcluster.server.kube.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /**
     * Every cached record repeats its namespace and the values of its project and user labels: one instance of each
     * ({@link SharedStrings}), whoever sets them (the JSON reader, a builder). A real API server's managed fields
     * (server-side apply's bookkeeping, several hundred bytes a record) are dropped: nothing here reads them, and an
     * update that leaves them out leaves them as they are.
     */
    @Override
    public void setMetadata(ObjectMeta metadata) {
        if (metadata != null) {
            metadata.setManagedFields(null);
            metadata.setNamespace(SharedStrings.shared(metadata.getNamespace()));
            if (metadata.getLabels() != null && !metadata.getLabels().isEmpty()) {
                Map<String, String> labels = new LinkedHashMap<>();
                metadata.getLabels().forEach((key, value) -> labels.put(key, SharedStrings.shared(value)));
                metadata.setLabels(labels);
            }
        }
        super.setMetadata(metadata);
    }
}
