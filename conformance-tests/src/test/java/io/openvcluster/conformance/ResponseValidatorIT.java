package io.openvcluster.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkers themselves, without a server: {@code validate_schemas.py} must reject a body tempest's schema
 * forbids, a body on an action that has none and a fault with the wrong code; the recorded-sequence parser must
 * read requests, bodies and microversions and refuse a line it does not understand.
 */
class ResponseValidatorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVER = "/compute/v2.1/servers/6f1c8f2e-7a3b-4d5c-9e8f-0a1b2c3d4e5f";

    @TempDir
    Path dir;

    @Test
    void theValidatorAcceptsConformingBodiesAndReportsEveryOtherOne() throws Exception {
        Assumptions.assumeTrue(PythonScript.canImport("tempest.lib.api_schema"), "python3-tempest is missing");
        Path recording = dir.resolve("exchanges.jsonl");
        Files.write(recording, List.of(
                exchange("GET", SERVER + "/os-security-groups", "", 200, "{\"security_groups\": []}"),
                exchange("GET", SERVER + "/os-security-groups", "", 200, "{\"security_groups\": \"default\"}"),
                exchange("POST", SERVER + "/action", "{\"os-stop\": null}", 202, ""),
                exchange("POST", SERVER + "/action", "{\"os-start\": null}", 202, "{\"server\": {}}"),
                exchange("GET", SERVER, "", 404, "{\"itemNotFound\": {\"code\": 404, \"message\": \"gone\"}}"),
                exchange("POST", SERVER + "/action", "{\"os-stop\": null}", 409,
                        "{\"conflictingRequest\": {\"code\": 400, \"message\": \"wrong code\"}}"),
                exchange("POST", "/identity/v3/auth/tokens", "", 401,
                        "{\"error\": {\"code\": 401, \"title\": \"Unauthorized\", \"message\": \"no\"}}")));
        PythonScript.Result r = PythonScript.run("validate_schemas.py", List.of(recording.toString()), false);
        assertEquals(new PythonScript.Summary("schemas: 2 bodies validated, 2 failed", 2, 2),
                r.summary("schemas"), r::toString);
        assertEquals(new PythonScript.Summary("faults: 3 error bodies checked, 1 failed", 3, 1),
                r.summary("faults"), r::toString);
        assertTrue(r.output().contains("os-security-groups -> 200") && r.output().contains("conflictingRequest"),
                r::toString);
        assertNotEquals(0, r.exitCode(), r::toString);
    }

    @Test
    void theRecordedSequenceParserReadsRequestsBodiesAndMicroversions() {
        List<RecordedSequence.Request> requests = RecordedSequence.parse("""
                GET    /compute/v2.1 -> 200
                POST   /compute/v2.1/servers -> 202 [compute 2.96 (+legacy hdr)]
                        req body: {"server": {"name": "x"}}
                        resp Location: http://127.0.0.1:5000/compute/v2.1/servers/1
                DELETE /compute/v2.1/servers/1/metadata/owner -> 204
                """);
        assertEquals(3, requests.size());
        assertEquals(new RecordedSequence.Request(2, "POST", "/compute/v2.1/servers", 202, Optional.of("2.96"),
                Optional.of("{\"server\": {\"name\": \"x\"}}")), requests.get(1));
        assertEquals(Optional.empty(), requests.get(0).microversion());
        assertEquals(204, requests.get(2).recordedStatus());
        assertThrows(IllegalArgumentException.class, () -> RecordedSequence.parse("GET /compute -> two hundred"));
    }

    private static String exchange(String method, String path, String requestBody, int status, String body)
            throws Exception {
        ObjectNode e = JSON.createObjectNode();
        e.put("method", method);
        e.put("path", path);
        e.put("query", "");
        e.putObject("request_headers");
        e.put("request_body", requestBody);
        e.put("status", status);
        ObjectNode headers = e.putObject("response_headers");
        headers.put("content-type", "application/json");
        headers.put("x-openstack-nova-api-version", "2.1");
        e.put("response_body", body);
        return JSON.writeValueAsString(e);
    }
}
