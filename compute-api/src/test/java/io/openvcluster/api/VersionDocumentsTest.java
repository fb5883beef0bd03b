package io.openvcluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class VersionDocumentsTest {
    private static final String BASE = "http://127.0.0.1:8774";

    @Test
    void computeRootListsV20AndV21() throws Exception {
        JsonNode expected = Json.MAPPER.readTree("""
                {"versions":[
                  {"id":"v2.0","status":"SUPPORTED","version":"","min_version":"","updated":"2011-01-21T11:33:21Z",
                   "links":[{"rel":"self","href":"http://127.0.0.1:8774/compute/v2/"}]},
                  {"id":"v2.1","status":"CURRENT","version":"2.96","min_version":"2.1","updated":"2013-07-23T11:33:21Z",
                   "links":[{"rel":"self","href":"http://127.0.0.1:8774/compute/v2.1/"}]}]}""");
        assertEquals(expected, VersionDocuments.computeVersions(BASE));
        assertEquals(expected, VersionDocuments.computeVersions(BASE + "/"));
    }

    @Test
    void computeV21MatchesNovasDocumentWithOurRange() throws Exception {
        JsonNode expected = Json.MAPPER.readTree("""
                {"version":{"id":"v2.1","status":"CURRENT","version":"2.96","min_version":"2.1",
                  "updated":"2013-07-23T11:33:21Z",
                  "links":[{"rel":"self","href":"http://127.0.0.1:8774/compute/v2.1/"},
                           {"rel":"describedby","type":"text/html","href":"http://docs.openstack.org/"}],
                  "media-types":[{"base":"application/json","type":"application/vnd.openstack.compute+json;version=2.1"}]}}""");
        assertEquals(expected, VersionDocuments.computeV21(BASE));
    }

    @Test
    void computeV20IsTheLegacyDocument() {
        JsonNode v = VersionDocuments.computeV20(BASE).get("version");
        assertEquals("v2.0", v.get("id").asText());
        assertEquals("", v.get("version").asText());
        assertEquals("http://127.0.0.1:8774/compute/v2/", v.at("/links/0/href").asText());
        assertEquals("application/vnd.openstack.compute+json;version=2", v.at("/media-types/0/type").asText());
    }

    @Test
    void identityDocuments() throws Exception {
        JsonNode v3 = Json.MAPPER.readTree("""
                {"id":"v3.14","status":"stable","updated":"2020-04-07T00:00:00Z",
                 "links":[{"rel":"self","href":"http://127.0.0.1:8774/identity/v3/"}],
                 "media-types":[{"base":"application/json","type":"application/vnd.openstack.identity-v3+json"}]}""");
        assertEquals(v3, VersionDocuments.identityV3(BASE).get("version"));
        assertEquals(v3, VersionDocuments.identityVersions(BASE).at("/versions/values/0"));
        assertEquals(1, VersionDocuments.identityVersions(BASE).at("/versions/values").size());
    }

    @Test
    void imageVersionsAllPointAtV2() {
        JsonNode versions = VersionDocuments.imageVersions(BASE).get("versions");
        assertEquals("v2.16", versions.at("/0/id").asText());
        assertEquals("CURRENT", versions.at("/0/status").asText());
        assertEquals(17, versions.size());
        for (int i = 1; i < versions.size(); i++) {
            assertEquals("SUPPORTED", versions.at("/" + i + "/status").asText());
        }
        versions.forEach(v -> assertEquals("http://127.0.0.1:8774/image/v2/", v.at("/links/0/href").asText()));
        versions.forEach(v -> assertEquals("self", v.at("/links/0/rel").asText()));
    }
}
