package io.openvcluster.api.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.ServerStates;
import io.openvcluster.api.model.DiskConfig;
import io.openvcluster.api.model.FaultData;
import io.openvcluster.api.model.ServerData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerViewTest {

    /**
     * Golden comparison with real Nova, value by value. The one deliberate difference: the captured server had
     * no Neutron port, so Nova left out security_groups; our servers are always in "default".
     */
    @ParameterizedTest
    @ValueSource(strings = {"2.1", "2.47", "2.93"})
    void showMatchesRealNova(String version) throws Exception {
        ObjectNode ours = ServerView.show(Samples.bench1(), Microversion.parse(version), Samples.LINKS);
        ObjectNode server = (ObjectNode) ours.get("server");
        assertEquals(Json.MAPPER.readTree("[{\"name\":\"default\"}]"), server.remove("security_groups"));
        assertEquals(Samples.novaReal("server-show-" + version + ".json"), ours);
    }

    @Test
    void keyOrderFollowsNova() throws Exception {
        JsonNode real = Samples.novaReal("server-show-2.93.json").get("server");
        ObjectNode ours = (ObjectNode) ServerView.show(Samples.bench1(), Microversion.parse("2.93"), Samples.LINKS)
                .get("server");
        ours.remove("security_groups");
        assertEquals(names(real), names(ours));
    }

    @Test
    void detailItemHasNoServerGroups() throws Exception {
        ObjectNode item = ServerView.detailItem(Samples.bench1(), Microversion.parse("2.93"), Samples.LINKS);
        assertFalse(item.has("server_groups"));
        Set<String> detailKeys = keys(item);
        detailKeys.add("server_groups");
        detailKeys.remove("security_groups");
        assertEquals(keys(Samples.novaReal("server-show-2.93.json").get("server")), detailKeys);
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @CsvSource({
            "2.8, locked, false", "2.9, locked, true",
            "2.18, description, false", "2.19, description, true",
            "2.25, tags, false", "2.26, tags, true",
            "2.62, trusted_image_certificates, false", "2.63, trusted_image_certificates, true",
            "2.70, server_groups, false", "2.71, server_groups, true",
            "2.72, locked_reason, false", "2.73, locked_reason, true",
            "2.89, OS-EXT-SRV-ATTR:hostname, false", "2.90, OS-EXT-SRV-ATTR:hostname, true",
            "2.95, pinned_availability_zone, false", "2.96, pinned_availability_zone, true",
            "2.96, host_status, false"})
    void fieldsAppearAtTheirMicroversion(String version, String field, boolean present) throws Exception {
        JsonNode server = ServerView.show(Samples.bench1(), Microversion.parse(version), Samples.LINKS).get("server");
        assertEquals(present, server.has(field), field + " at " + version);
    }

    @Test
    void embeddedFlavorFrom247() throws Exception {
        JsonNode before = ServerView.show(Samples.bench1(), Microversion.parse("2.46"), Samples.LINKS).at("/server/flavor");
        assertEquals("1", before.get("id").asText());
        assertEquals("http://127.0.0.1:38774/flavors/1", before.at("/links/0/href").asText());
        JsonNode after = ServerView.show(Samples.bench1(), Microversion.parse("2.47"), Samples.LINKS).at("/server/flavor");
        assertFalse(after.has("id"));
        assertEquals("m1.tiny", after.get("original_name").asText());
    }

    @Test
    void statusProgressAndFaultFollowTheState() throws Exception {
        ServerData stopped = with(Samples.bench1(), ServerStates.STOPPED, Optional.empty(), Optional.empty());
        JsonNode s = ServerView.show(stopped, Microversion.parse("2.1"), Samples.LINKS).get("server");
        assertEquals("SHUTOFF", s.get("status").asText());
        assertFalse(s.has("progress"));
        assertFalse(s.has("fault"));

        FaultData fault = new FaultData(409, "Cannot pause a vcluster whose control plane is down",
                "namespace vc-bench1 has no ready pod", Instant.parse("2026-11-25T19:20:00Z"));
        ServerData broken = with(Samples.bench1(), ServerStates.ERROR, Optional.empty(), Optional.of(fault));
        JsonNode e = ServerView.show(broken, Microversion.parse("2.1"), Samples.LINKS).get("server");
        assertEquals("ERROR", e.get("status").asText());
        assertEquals(Json.MAPPER.readTree("""
                {"code":409,"created":"2026-11-25T19:20:00Z",
                 "message":"Cannot pause a vcluster whose control plane is down",
                 "details":"namespace vc-bench1 has no ready pod"}"""), e.get("fault"));

        ServerData rebooting = with(Samples.bench1(), ServerStates.ACTIVE, Optional.of(ServerStates.REBOOTING_HARD),
                Optional.of(fault));
        JsonNode r = ServerView.show(rebooting, Microversion.parse("2.1"), Samples.LINKS).get("server");
        assertEquals("HARD_REBOOT", r.get("status").asText());
        assertEquals("rebooting_hard", r.get("OS-EXT-STS:task_state").asText());
        assertFalse(r.has("fault"), "fault is shown only for ERROR and DELETED");
    }

    @Test
    void imageIsEmptyStringWithoutImage() throws Exception {
        ServerData s = Samples.bench1();
        ServerData noImage = new ServerData(s.id(), s.name(), s.projectId(), s.userId(), s.created(), s.updated(),
                Optional.empty(), s.vmState(), s.taskState(), s.powerState(), s.progress(), "", s.flavor(),
                s.metadata(), s.tags(), s.keyName(), s.description(), s.locked(), s.lockedReason(), s.accessIPv4(),
                s.accessIPv6(), s.hostId(), s.hostname(), s.availabilityZone(), s.addresses(), s.fault(), s.diskConfig());
        JsonNode server = ServerView.show(noImage, Microversion.parse("2.1"), Samples.LINKS).get("server");
        assertTrue(server.get("image").isTextual());
        assertEquals("", server.get("image").asText());
        assertTrue(server.get("OS-SRV-USG:launched_at").isNull());
    }

    @Test
    void addressesFullInShowReducedInUpdate() throws Exception {
        ServerData s = withAddresses(Samples.bench1());
        JsonNode full = ServerView.show(s, Microversion.parse("2.1"), Samples.LINKS).at("/server/addresses/vcluster/0");
        assertEquals(Json.MAPPER.readTree("""
                {"OS-EXT-IPS-MAC:mac_addr":"fa:16:3e:00:00:01","version":4,"addr":"10.96.0.10",
                 "OS-EXT-IPS:type":"fixed"}"""), full);
        JsonNode reduced = ServerView.updateResult(s, Microversion.parse("2.1"), Samples.LINKS)
                .at("/server/addresses/vcluster/0");
        assertEquals(Json.MAPPER.readTree("{\"version\":4,\"addr\":\"10.96.0.10\"}"), reduced);
    }

    /** The reduced PUT view of Nova's 2.71 api-sample, key for key; from 2.75 the full show view. */
    @Test
    void updateResultIsReducedBefore275() throws Exception {
        Set<String> sample = Set.of("OS-DCF:diskConfig", "accessIPv4", "accessIPv6", "addresses", "created",
                "description", "flavor", "hostId", "id", "image", "links", "locked", "metadata", "name", "progress",
                "server_groups", "status", "tags", "tenant_id", "trusted_image_certificates", "updated", "user_id");
        assertEquals(sample, keys(ServerView.updateResult(Samples.bench1(), Microversion.parse("2.71"), Samples.LINKS)
                .get("server")));
        Set<String> at21 = keys(ServerView.updateResult(Samples.bench1(), Microversion.parse("2.1"), Samples.LINKS)
                .get("server"));
        assertEquals(difference(sample, Set.of("description", "locked", "server_groups", "tags",
                "trusted_image_certificates")), at21);
        assertEquals(keys(ServerView.show(Samples.bench1(), Microversion.parse("2.75"), Samples.LINKS).get("server")),
                keys(ServerView.updateResult(Samples.bench1(), Microversion.parse("2.75"), Samples.LINKS).get("server")));
    }

    @Test
    void rebuildResultAddsKeyNameAndUserDataButNoPassword() throws Exception {
        JsonNode at21 = ServerView.rebuildResult(Samples.bench1(), Optional.empty(),
                Microversion.parse("2.1"), Samples.LINKS).get("server");
        assertFalse(at21.has("adminPass"), "a vcluster has no administrator password");
        assertTrue(at21.has("metadata"), "OSC 6 prints the rebuild body and needs metadata");
        assertFalse(at21.has("key_name"));
        assertFalse(at21.has("user_data"));
        JsonNode at257 = ServerView.rebuildResult(Samples.bench1(), Optional.of("aGk="),
                Microversion.parse("2.57"), Samples.LINKS).get("server");
        assertTrue(at257.get("key_name").isNull());
        assertEquals("aGk=", at257.get("user_data").asText());
        assertFalse(at257.has("OS-EXT-STS:vm_state"));
    }

    @Test
    void createdHasTheKeysTempestAllowsWithoutAPassword() throws Exception {
        ObjectNode created = ServerView.created(Samples.bench1(), Samples.LINKS);
        assertEquals(Set.of("id", "links", "OS-DCF:diskConfig", "security_groups"),
                keys(created.get("server")));
        assertEquals("http://127.0.0.1:38774/v2.1/servers/9b8ab710-9d95-4958-80b4-145efa70a26d",
                created.at("/server/links/0/href").asText());
        assertEquals("{\"reservation_id\":\"r-abc\"}", ServerView.reservation("r-abc").toString());
    }

    /** Nova shows the disk config the client asked for, on every view that has the key. */
    @Test
    void diskConfigIsShownAsAsked() throws Exception {
        ServerData s = Samples.bench1();
        ServerData auto = new ServerData(s.id(), s.name(), s.projectId(), s.userId(), s.created(), s.updated(),
                s.launchedAt(), s.vmState(), s.taskState(), s.powerState(), s.progress(), s.imageId(), s.flavor(),
                s.metadata(), s.tags(), s.keyName(), s.description(), s.locked(), s.lockedReason(), s.accessIPv4(),
                s.accessIPv6(), s.hostId(), s.hostname(), s.availabilityZone(), s.addresses(), s.fault(),
                DiskConfig.AUTO);
        Microversion mv = Microversion.parse("2.1");
        assertEquals("AUTO", ServerView.created(auto, Samples.LINKS).at("/server/OS-DCF:diskConfig").asText());
        assertEquals("AUTO", ServerView.show(auto, mv, Samples.LINKS).at("/server/OS-DCF:diskConfig").asText());
        assertEquals("AUTO", ServerView.detailItem(auto, mv, Samples.LINKS).path("OS-DCF:diskConfig").asText());
        assertEquals("AUTO", ServerView.updateResult(auto, mv, Samples.LINKS).at("/server/OS-DCF:diskConfig").asText());
        assertEquals("MANUAL", ServerView.show(s, mv, Samples.LINKS).at("/server/OS-DCF:diskConfig").asText());
    }

    @Test
    void summaryAndListMatchRealNova() throws Exception {
        JsonNode real = Samples.novaReal("servers-list.json");
        ServerData s = Samples.bench1();
        ObjectNode item = ServerView.summaryItem(s, Samples.LINKS);
        assertEquals(real.at("/servers/1"), item);
        ObjectNode list = ServerView.list(List.of(item), Optional.empty());
        assertFalse(list.has("servers_links"));
        ObjectNode paged = ServerView.list(List.of(item), Optional.of("http://h/compute/v2.1/servers?marker=x&limit=1"));
        assertEquals("next", paged.at("/servers_links/0/rel").asText());
        assertEquals("http://h/compute/v2.1/servers?marker=x&limit=1", paged.at("/servers_links/0/href").asText());
    }

    @Test
    void linksUnderTheComputePrefix() throws Exception {
        Links links = Links.of("http://10.0.0.1:8080/");
        JsonNode server = ServerView.show(Samples.bench1(), Microversion.parse("2.1"), links).get("server");
        assertEquals("http://10.0.0.1:8080/compute/v2.1/servers/9b8ab710-9d95-4958-80b4-145efa70a26d",
                server.at("/links/0/href").asText());
        assertEquals("http://10.0.0.1:8080/compute/servers/9b8ab710-9d95-4958-80b4-145efa70a26d",
                server.at("/links/1/href").asText());
        assertEquals("http://10.0.0.1:8080/compute/images/5285a923-bca1-47d6-b5c2-7ec8d51b482f",
                server.at("/image/links/0/href").asText());
    }

    @Test
    void metadataTagsAndDescriptionAreShown() throws Exception {
        ServerData s = Samples.bench1();
        ServerData rich = new ServerData(s.id(), s.name(), s.projectId(), s.userId(), s.created(), s.updated(),
                s.launchedAt(), s.vmState(), s.taskState(), s.powerState(), 100, s.imageId(), s.flavor(),
                Map.of("role", "ci"), List.of("blue"), Optional.of("mykey"), Optional.of("a cluster"), true,
                Optional.of("maintenance"), s.accessIPv4(), s.accessIPv6(), s.hostId(), s.hostname(),
                s.availabilityZone(), s.addresses(), s.fault(), s.diskConfig());
        JsonNode server = ServerView.show(rich, Microversion.parse("2.96"), Samples.LINKS).get("server");
        assertEquals("{\"role\":\"ci\"}", server.get("metadata").toString());
        assertEquals("[\"blue\"]", server.get("tags").toString());
        assertEquals("mykey", server.get("key_name").asText());
        assertEquals("a cluster", server.get("description").asText());
        assertTrue(server.get("locked").asBoolean());
        assertEquals("maintenance", server.get("locked_reason").asText());
        assertEquals(100, server.get("progress").asInt());
    }

    private static ServerData with(ServerData s, String vmState, Optional<String> task, Optional<FaultData> fault) {
        return new ServerData(s.id(), s.name(), s.projectId(), s.userId(), s.created(), s.updated(), s.launchedAt(),
                vmState, task, s.powerState(), s.progress(), s.imageId(), s.flavor(), s.metadata(), s.tags(),
                s.keyName(), s.description(), s.locked(), s.lockedReason(), s.accessIPv4(), s.accessIPv6(),
                s.hostId(), s.hostname(), s.availabilityZone(), s.addresses(), fault, s.diskConfig());
    }

    private static ServerData withAddresses(ServerData s) {
        return new ServerData(s.id(), s.name(), s.projectId(), s.userId(), s.created(), s.updated(), s.launchedAt(),
                s.vmState(), s.taskState(), s.powerState(), s.progress(), s.imageId(), s.flavor(), s.metadata(),
                s.tags(), s.keyName(), s.description(), s.locked(), s.lockedReason(), s.accessIPv4(),
                s.accessIPv6(), s.hostId(), s.hostname(), s.availabilityZone(),
                Map.of("vcluster", List.of(new ServerData.AddressData("10.96.0.10", 4, "fixed", "fa:16:3e:00:00:01"))),
                s.fault(), s.diskConfig());
    }

    static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
