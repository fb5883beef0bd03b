package io.openvcluster.server.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.openvcluster.server.kube.crd.ServerRecord;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The server record's stored JSON leaves out empty collections and false flags (every record is listed whole at
 * each start-up). A facade upgraded in place reads the records the previous version wrote, with those written out:
 * both forms must read back to the same record and the same Nova view.
 */
class StoredRecordFormatTest {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** A record as the previous version stored it (from the sandbox, 2026-11-26), empties written out. */
    private static final String WRITTEN_BEFORE = """
            {"apiVersion":"compute.openvcluster.io/v1alpha1","kind":"Server","metadata":{"creationTimestamp":\
            "2026-11-26T09:31:27Z","generation":1,"labels":{"compute.openvcluster.io/user-id":\
            "e226efc38933323d991cce070429e9c3","compute.openvcluster.io/project-id":"53a53eaef4d23b9ca16b86c11ed5f42d"},\
            "name":"a29c18b3-533c-4401-9fd8-c7f39cb057ab","namespace":"openvcluster-system","resourceVersion":"170797",\
            "uid":"00000000-0000-0000-0000-00000000b4a8"},"spec":{"name":"bench-9440","projectId":\
            "53a53eaef4d23b9ca16b86c11ed5f42d","userId":"e226efc38933323d991cce070429e9c3","flavor":{"id":"1","name":\
            "vc.tiny","vcpus":1,"ramMb":1024,"diskGb":5,"ephemeralGb":0,"swapMb":0,"extraSpecs":{}},"imageId":\
            "2a9de301-2eb7-3e86-bdf7-727d8ab13e78","image":{"chartVersion":"0.36.1","kubernetesVersion":"1.35.0",\
            "distro":"k8s"},"release":"bench-9440-a29c18b3","hostNamespace":"vcluster-bench-9440-a29c18b3",\
            "powerIntent":"RUNNING","deleteRequested":false,"metadata":{},"tags":[],"accessIPv4":"","accessIPv6":"",\
            "hostname":"bench-9440","availabilityZone":"nova","locked":false,"lockRequests":[],"createRequestId":\
            "req-0364695b-64d1-45fd-b6e0-570a5a1f2110","createdAt":"2026-11-26T09:31:27.088358628Z"},"status":{\
            "vmState":"active","powerState":1,"launchedAt":"2026-11-26T09:31:40.1Z","updatedAt":"2026-11-26T09:31:40.1Z",\
            "everActive":true,"observedGeneration":1,"clusterIP":"10.96.0.2","actions":[{"action":"create","requestId":\
            "req-0364695b-64d1-45fd-b6e0-570a5a1f2110","userId":"e226efc38933323d991cce070429e9c3","projectId":\
            "53a53eaef4d23b9ca16b86c11ed5f42d","startTime":"2026-11-26T09:31:27.088358628Z","finishTime":\
            "2026-11-26T09:31:40.1Z","result":"Success","events":[]}]}}""";

    @Test
    void aRecordWrittenBeforeReadsBackAsTheSameRecordAndViewOnceRewritten() {
        ServerRecord before = JSON.unmarshal(WRITTEN_BEFORE, ServerRecord.class);
        String rewritten = JSON.asJson(before);
        ServerRecord after = JSON.unmarshal(rewritten, ServerRecord.class);

        for (String empty : List.of("\"deleteRequested\"", "\"metadata\":{}", "\"tags\"", "\"locked\"",
                "\"lockRequests\"", "\"extraSpecs\"", "\"ephemeralGb\"", "\"swapMb\"", "\"events\"")) {
            assertFalse(rewritten.contains(empty), empty + " is still written: " + rewritten);
        }
        assertTrue(rewritten.length() < WRITTEN_BEFORE.length() - 100, rewritten.length() + " bytes");

        assertEquals(JSON.asJson(before.getSpec()), JSON.asJson(after.getSpec()));
        assertEquals(List.of(), after.getSpec().getTags());
        assertTrue(after.getSpec().getMetadata().isEmpty());
        assertEquals(List.of(), after.getSpec().getLockRequests());
        assertEquals(before.getSpec().getFlavor(), after.getSpec().getFlavor());
        assertEquals(before.getStatus().getActions(), after.getStatus().getActions());
        assertTrue(after.getStatus().isEverActive());
        assertEquals(ServerViews.toData(before, List.of(), Optional.empty()),
                ServerViews.toData(after, List.of(), Optional.empty()));
    }

    @Test
    void whatIsNotEmptyIsStillWritten() {
        ServerRecord record = JSON.unmarshal(WRITTEN_BEFORE, ServerRecord.class);
        record.getSpec().setTags(List.of("blue"));
        record.getSpec().getMetadata().put("role", "db");
        record.getSpec().setLocked(true);

        ServerRecord read = JSON.unmarshal(JSON.asJson(record), ServerRecord.class);

        assertEquals(List.of("blue"), read.getSpec().getTags());
        assertEquals("db", read.getSpec().getMetadata().get("role"));
        assertTrue(read.getSpec().isLocked());
        assertEquals("", read.getSpec().getAccessIPv4(), "an empty address is a value, and stays one");
    }
}
