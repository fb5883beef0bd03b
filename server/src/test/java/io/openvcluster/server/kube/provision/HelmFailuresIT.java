package io.openvcluster.server.kube.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which of Helm's messages are worth retrying, and the fault a refusal becomes. */
class HelmFailuresIT {

    @ParameterizedTest
    @ValueSource(strings = {
            SandboxHelm.REPOSITORY_UNREACHABLE,
            "Kubernetes cluster unreachable: Get \"https://10.0.0.1:443/version\": net/http: TLS handshake timeout",
            "failed to fetch https://charts.example.org/index.yaml : 503 Service Unavailable",
            "failed to do request: Head \"https://registry.example.org/v2/charts/vcluster/manifests/0.36.1\": "
                    + "dial tcp: lookup registry.example.org: no such host",
            "unexpected status code 502 from the registry",
            "Operation cannot be fulfilled on statefulsets.apps \"web\": the object has been modified; please apply "
                    + "your changes to the latest version and try again",
            "the server is currently unable to handle the request (get secrets)"})
    void networkAndServerErrorsAreTransient(String message) {
        assertTrue(HelmFailures.isTransient(message), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            SandboxHelm.CHART_NOT_FOUND,
            "looks like \"https://charts.example.org/wrong\" is not a valid chart repository or cannot be reached: "
                    + "failed to fetch https://charts.example.org/wrong/index.yaml : 404 Not Found",
            "values don't meet the specifications of the schema(s) in the following chart(s):\nvcluster:\n"
                    + "- controlPlane.statefulSet: Additional property replica is not allowed",
            "cannot patch \"web\" with kind StatefulSet: StatefulSet.apps \"web\" is invalid: spec: Forbidden: updates "
                    + "to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', "
                    + "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
            "another operation (install/upgrade/rollback) is in progress"})
    void whatTheChartOrTheReleaseRefusesIsARefusal(String message) {
        assertFalse(HelmFailures.isTransient(message), message);
    }

    @Test
    void theFaultIsHelmsMessageOnOneLineCutToWhatNovaKeeps() {
        assertEquals("Helm refused the vcluster's release: values don't meet the specifications: vcluster: - bad",
                HelmFailures.fault("values don't meet the specifications:\nvcluster:\n- bad\n"));
        String cut = HelmFailures.fault("x".repeat(1000));
        assertEquals(HelmFailures.FAULT_MESSAGE_LENGTH, cut.length());
        assertTrue(cut.endsWith("x..."), cut);
    }
}
