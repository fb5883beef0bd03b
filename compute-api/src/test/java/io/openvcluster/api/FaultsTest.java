package io.openvcluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultsTest {

    @ParameterizedTest
    @CsvSource({
            "400, badRequest", "401, unauthorized", "403, forbidden", "404, itemNotFound", "405, badMethod",
            "406, computeFault", "409, conflictingRequest", "413, overLimit", "429, overLimit",
            "415, badMediaType", "500, computeFault", "501, notImplemented", "503, serviceUnavailable",
            "418, computeFault", "502, computeFault"})
    void novaFaultIsNamedByStatus(int status, String name) throws Exception {
        ObjectNode body = Faults.nova(status, "Instance abc could not be found.");
        assertEquals(Json.MAPPER.readTree(
                        "{\"" + name + "\":{\"code\":" + status + ",\"message\":\"Instance abc could not be found.\"}}"),
                body);
    }

    @ParameterizedTest
    @CsvSource({"400, Bad Request", "401, Unauthorized", "403, Forbidden", "404, Not Found", "409, Conflict",
            "500, Internal Server Error", "503, Service Unavailable"})
    void keystoneErrorCarriesTitle(int status, String title) throws Exception {
        assertEquals(Json.MAPPER.readTree("{\"error\":{\"code\":" + status + ",\"title\":\"" + title
                        + "\",\"message\":\"The request you have made requires authentication.\"}}"),
                Faults.keystone(status, "The request you have made requires authentication."));
    }

    @ParameterizedTest
    @CsvSource({"404, Not Found", "403, Forbidden", "409, Conflict", "400, Bad Request"})
    void glanceErrorIsWebobShaped(int status, String title) throws Exception {
        assertEquals(Json.MAPPER.readTree("{\"message\":\"No image found with ID x\",\"code\":\"" + status + " "
                        + title + "\",\"title\":\"" + title + "\"}"),
                Faults.glance(status, "No image found with ID x"));
    }

    @org.junit.jupiter.api.Test
    void novaFaultFromApiException() {
        ObjectNode body = Faults.nova(ApiException.conflict("Instance x is locked"));
        assertEquals(409, body.path("conflictingRequest").path("code").asInt());
        assertEquals("Instance x is locked", body.path("conflictingRequest").path("message").asText());
    }
}
