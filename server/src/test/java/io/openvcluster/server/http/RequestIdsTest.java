package io.openvcluster.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void requestIdsAreDistinctVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestContext.newRequestId();
            assertTrue(id.startsWith("req-"), id);
            UUID uuid = UUID.fromString(id.substring(4));
            // the canonical form, byte for byte: lower-case hex, dashes at 8-4-4-4-12
            assertEquals(uuid.toString(), id.substring(4));
            assertEquals(4, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
            assertTrue(seen.add(id), "repeated " + id);
        }
    }
}
