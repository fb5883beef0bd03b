package io.openvcluster.api.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ExtensionViewTest {
    @Test
    void eachExtensionHasNovasKeysNamespaceAndDate() {
        JsonNode list = ExtensionView.list(ExtensionView.served()).get("extensions");
        assertEquals(ExtensionView.served().size(), list.size());
        for (JsonNode e : list) {
            Set<String> keys = new TreeSet<>();
            e.fieldNames().forEachRemaining(keys::add);
            assertEquals(Set.of("alias", "description", "links", "name", "namespace", "updated"), keys);
            assertEquals("http://docs.openstack.org/compute/ext/fake_xml", e.get("namespace").asText());
            assertEquals("2014-12-03T00:00:00Z", e.get("updated").asText());
            assertTrue(e.get("links").isArray() && e.get("links").isEmpty());
            assertTrue(!e.get("description").asText().isEmpty(), e.toString());
        }
    }

    @Test
    void sortedByAliasAsNovaSortsThem() {
        List<String> aliases = ExtensionView.served().stream().map(ExtensionView.Extension::alias).toList();
        List<String> sorted = new ArrayList<>(aliases);
        sorted.sort(null);
        assertEquals(sorted, aliases);
        assertEquals(aliases.size(), Set.copyOf(aliases).size(), "an alias listed twice");
    }

    @Test
    void showFindsAnAliasExactlyAndOnlyWhatIsServed() {
        JsonNode keypairs = ExtensionView.show(ExtensionView.served("os-keypairs").orElseThrow()).get("extension");
        assertEquals("Keypairs", keypairs.get("name").asText());
        assertEquals("DiskConfig", ExtensionView.served("OS-DCF").orElseThrow().name());
        assertEquals(Optional.empty(), ExtensionView.served("os-KEYPAIRS"));
        assertEquals("SecurityGroups", ExtensionView.served("os-security-groups").orElseThrow().name());
        // what a vcluster does not have is not listed
        for (String served : List.of("os-shelve", "os-rescue", "os-flavor-access", "os-create-backup",
                "os-server-groups", "os-services", "os-hypervisors", "os-hosts", "OS-EXT-SRV-ATTR")) {
            assertTrue(ExtensionView.served(served).isPresent(), served);
        }
        for (String absent : List.of("os-volumes", "os-networks", "os-aggregates", "os-migrations",
                "os-extended-volumes")) {
            assertEquals(Optional.empty(), ExtensionView.served(absent), absent);
        }
    }
}
