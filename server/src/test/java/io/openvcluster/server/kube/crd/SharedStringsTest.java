package io.openvcluster.server.kube.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** Records read from JSON share the values every record repeats, and only those; no managed fields are kept. */
class SharedStringsTest {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    @Test
    void recordsReadApartShareTheirRepeatedValues() {
        ServerRecord first = JSON.unmarshal(record("a1"), ServerRecord.class);
        ServerRecord second = JSON.unmarshal(record("b2"), ServerRecord.class);

        assertSame(first.getMetadata().getNamespace(), second.getMetadata().getNamespace());
        assertSame(first.getMetadata().getLabels().get(Records.LABEL_PROJECT_ID),
                second.getMetadata().getLabels().get(Records.LABEL_PROJECT_ID));
        assertSame(first.getSpec().getProjectId(), second.getSpec().getProjectId());
        assertSame(first.getSpec().getUserId(), second.getSpec().getUserId());
        assertSame(first.getSpec().getImageId(), second.getSpec().getImageId());
        assertSame(first.getSpec().getPowerIntent(), second.getSpec().getPowerIntent());
        assertSame(first.getSpec().getAvailabilityZone(), second.getSpec().getAvailabilityZone());
        assertSame(first.getSpec().getFlavor().name(), second.getSpec().getFlavor().name());
        assertSame(first.getSpec().getImage().kubernetesVersion(), second.getSpec().getImage().kubernetesVersion());
        assertSame(first.getStatus().getVmState(), second.getStatus().getVmState());
        ActionEvent firstCreate = first.getStatus().getActions().getFirst();
        ActionEvent secondCreate = second.getStatus().getActions().getFirst();
        assertSame(firstCreate.action(), secondCreate.action());
        assertSame(firstCreate.result(), secondCreate.result());
        assertSame(firstCreate.userId(), secondCreate.userId());

        // a real API server's bookkeeping is not kept
        assertNull(first.getMetadata().getManagedFields());
        // unique values are not interned: equal ones read apart stay apart
        assertEquals(first.getSpec().getCreatedAt(), second.getSpec().getCreatedAt());
        assertNotSame(first.getSpec().getCreatedAt(), second.getSpec().getCreatedAt());
    }

    private static String record(String suffix) {
        return """
                {"apiVersion": "compute.openvcluster.io/v1alpha1", "kind": "Server",
                 "metadata": {"name": "server-%1$s", "namespace": "openvcluster-system", "resourceVersion": "7",
                   "managedFields": [{"manager": "ovc", "operation": "Update", "apiVersion": "v1",
                     "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {"f:name": {}}}}],
                   "labels": {"%2$s": "project-7f3a", "compute.openvcluster.io/user-id": "user-9c1e"}},
                 "spec": {"name": "web-%1$s", "projectId": "project-7f3a", "userId": "user-9c1e",
                   "flavor": {"id": "1", "name": "vc.tiny", "vcpus": 1, "ramMb": 1024, "diskGb": 5},
                   "imageId": "image-2a9d", "image": {"chartVersion": "0.36.1", "kubernetesVersion": "1.35.0",
                   "distro": "k8s"}, "powerIntent": "RUNNING", "availabilityZone": "nova",
                   "createdAt": "2026-11-26T15:11:43.590611359Z"},
                 "status": {"vmState": "active", "powerState": 1,
                   "actions": [{"action": "create", "requestId": "req-%1$s", "userId": "user-9c1e",
                     "projectId": "project-7f3a", "startTime": "2026-11-26T15:11:43Z",
                     "finishTime": "2026-11-26T15:11:49Z", "result": "Success"}]}}
                """.formatted(suffix, Records.LABEL_PROJECT_ID);
    }
}
