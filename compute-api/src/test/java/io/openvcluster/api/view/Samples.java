package io.openvcluster.api.view;

import com.fasterxml.jackson.databind.JsonNode;
import io.openvcluster.api.Json;
import io.openvcluster.api.ServerStates;
import io.openvcluster.api.model.DiskConfig;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.api.model.ServerData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The server and flavor of the captured nova-real responses, rebuilt as our model records. */
final class Samples {
    /** nova-real was served at the root of this host, so its links equal ours with this base. */
    static final Links LINKS = new Links("http://127.0.0.1:38774", "http://127.0.0.1:39292");

    static final FlavorData M1_TINY = new FlavorData("1", "m1.tiny", 1, 512, 1, 0, 0, 1.0, true, false,
            Optional.empty(), Map.of());

    private Samples() {
    }

    static ServerData bench1() {
        return new ServerData(
                "9b8ab710-9d95-4958-80b4-145efa70a26d",
                "bench1",
                "840aa6786a8f4da0a3714c15ba1ff90a",
                "40c0a733f84040d5ab748e8d217861a9",
                Instant.parse("2026-11-25T19:12:11Z"),
                Instant.parse("2026-11-25T19:12:15Z"),
                Optional.of(Instant.parse("2026-11-25T19:12:15Z")),
                ServerStates.ACTIVE,
                Optional.empty(),
                ServerStates.Power.RUNNING,
                0,
                "5285a923-bca1-47d6-b5c2-7ec8d51b482f",
                M1_TINY,
                Map.of(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.empty(),
                "",
                "",
                "1b2f08d7df89065e079f40678e9ab2e8ad179c1ac09f1c977b522b6f",
                "bench1",
                "nova",
                Map.of(),
                Optional.empty(),
                DiskConfig.MANUAL);
    }

    static JsonNode novaReal(String file) {
        try (InputStream in = Samples.class.getResourceAsStream("/nova-real/" + file)) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
