package io.openvcluster.server.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The wire names are Nova's instance action names; they are stored in records and shown in 409 messages. */
class ServerActionTest {

    @Test
    void everyActionCarriesItsNovaName() {
        Map<String, String> names = Arrays.stream(ServerAction.class.getPermittedSubclasses())
                .collect(Collectors.toMap(Class::getSimpleName, type -> {
                    ServerAction.Name name = type.getAnnotation(ServerAction.Name.class);
                    assertNotNull(name, type.getSimpleName() + " has no @Name");
                    return name.value();
                }, (a, b) -> a, TreeMap::new));
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("Stop", "stop"), Map.entry("Start", "start"), Map.entry("Pause", "pause"),
                Map.entry("Unpause", "unpause"), Map.entry("Suspend", "suspend"), Map.entry("Resume", "resume"),
                Map.entry("Reboot", "reboot"), Map.entry("Lock", "lock"), Map.entry("Unlock", "unlock"),
                Map.entry("Resize", "resize"), Map.entry("ConfirmResize", "confirmResize"),
                Map.entry("RevertResize", "revertResize"), Map.entry("CreateImage", "createImage"),
                Map.entry("Rebuild", "rebuild"))), names);
    }

    @Test
    void nameComesFromTheRecordsAnnotation() {
        assertEquals("stop", new ServerAction.Stop().name());
        assertEquals("reboot", new ServerAction.Reboot(true).name());
        assertEquals("lock", new ServerAction.Lock(Optional.of("maintenance")).name());
        assertEquals("createImage", new ServerAction.CreateImage("snap", Map.of()).name());
        assertEquals("rebuild", new ServerAction.Rebuild("img", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()).name());
    }
}
