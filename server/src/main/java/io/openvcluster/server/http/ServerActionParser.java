package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.schema.RequestSchemas;
import io.openvcluster.server.compute.ServerAction;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code POST /servers/{id}/action} bodies → {@link ServerAction}: one line per implemented action. Each body is
 * first checked against its schema {@code action-<name>} at the request's microversion (400 as Nova, before the
 * server is looked up).
 */
final class ServerActionParser {
    /** Action key → the parsed action, from the action's value (validated) and the microversion. */
    private static final Map<String, BiFunction<JsonNode, Microversion, ServerAction>> ACTIONS = Map.of(
            "os-stop", (value, mv) -> new ServerAction.Stop(),
            "os-start", (value, mv) -> new ServerAction.Start(),
            "pause", (value, mv) -> new ServerAction.Pause(),
            "unpause", (value, mv) -> new ServerAction.Unpause(),
            "suspend", (value, mv) -> new ServerAction.Suspend(),
            "resume", (value, mv) -> new ServerAction.Resume(),
            "reboot", (value, mv) -> new ServerAction.Reboot(
                    "HARD".equals(value.path("type").asText().toUpperCase(Locale.ROOT))),
            // locked_reason exists from 2.73; before, Nova ignores the value of "lock"
            "lock", (value, mv) -> new ServerAction.Lock(mv.atLeast(73)
                    ? ServersService.text(value, "locked_reason") : Optional.empty()),
            "unlock", (value, mv) -> new ServerAction.Unlock());
    /** The resize family and createImage (Map.of takes at most ten pairs). */
    private static final Map<String, BiFunction<JsonNode, Microversion, ServerAction>> RESIZE_ACTIONS = Map.of(
            // flavorRef may be an integer in old clients' bodies; Nova reads it as text either way
            "resize", (value, mv) -> new ServerAction.Resize(value.path("flavorRef").asText()),
            "confirmResize", (value, mv) -> new ServerAction.ConfirmResize(),
            "revertResize", (value, mv) -> new ServerAction.RevertResize(),
            "createImage", (value, mv) -> new ServerAction.CreateImage(value.path("name").asText(),
                    metadata(value.path("metadata"))),
            "rebuild", (value, mv) -> new ServerAction.Rebuild(value.path("imageRef").asText(),
                    ServersService.text(value, "name"),
                    value.has("metadata") ? Optional.of(metadata(value.path("metadata"))) : Optional.empty(),
                    ServersService.text(value, "adminPass"),
                    mv.atLeast(19) ? ServersService.text(value, "description") : Optional.empty()));

    private ServerActionParser() {
    }

    /** Metadata values may be null in Nova's schema; an image property is then the empty string. */
    private static Map<String, String> metadata(JsonNode metadata) {
        Map<String, String> result = new java.util.LinkedHashMap<>();
        metadata.properties().forEach(e -> result.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return result;
    }

    /** The action keys parsed here; each has its schema {@code action-<key>}. */
    static Set<String> names() {
        Set<String> names = new java.util.TreeSet<>(ACTIONS.keySet());
        names.addAll(RESIZE_ACTIONS.keySet());
        return names;
    }

    /** The parsed action, or empty when this facade does not implement {@code name} (Nova knows it: 501). */
    static Optional<ServerAction> parse(String name, Microversion mv, ObjectNode body) {
        BiFunction<JsonNode, Microversion, ServerAction> parser = ACTIONS.getOrDefault(name, RESIZE_ACTIONS.get(name));
        if (parser == null) {
            return Optional.empty();
        }
        RequestSchemas.validate("action-" + name, mv, body);
        return Optional.of(parser.apply(body.path(name), mv));
    }
}
