package io.openvcluster.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request bodies checked against JSON Schemas kept as data, one file per microversion that changed the body:
 * {@code io/openvcluster/api/schema/<name>/<microversion>.json}. A request at 2.x uses the newest file whose
 * version is ≤ 2.x, as Nova stacks its {@code @validation.schema} ranges. Schemas are read once and cached.
 */
public final class RequestSchemas {
    private static final String ROOT = "io/openvcluster/api/schema/";

    /** Every schema name and the microversions at which its body changed (the files present). */
    private static final Map<String, List<String>> FILES = Map.ofEntries(
            Map.entry("server-create", List.of("2.1", "2.19", "2.32", "2.37", "2.52", "2.57", "2.63", "2.74", "2.90")),
            Map.entry("server-update", List.of("2.1", "2.19", "2.90")),
            Map.entry("server-metadata", List.of("2.1")),
            Map.entry("server-metadata-item", List.of("2.1")),
            Map.entry("server-tags", List.of("2.26")),
            Map.entry("flavor-create", List.of("2.1", "2.55")),
            Map.entry("flavor-extra-specs", List.of("2.1")),
            Map.entry("remote-console-create", List.of("2.6", "2.8")),
            Map.entry("action-os-getVNCConsole", List.of("2.1")),
            Map.entry("action-os-getSPICEConsole", List.of("2.1")),
            Map.entry("action-os-getRDPConsole", List.of("2.1")),
            Map.entry("action-os-getSerialConsole", List.of("2.1")),
            Map.entry("keystone-auth", List.of("3.0")),
            Map.entry("action-os-stop", List.of("2.1")),
            Map.entry("action-os-start", List.of("2.1")),
            Map.entry("action-pause", List.of("2.1")),
            Map.entry("action-unpause", List.of("2.1")),
            Map.entry("action-suspend", List.of("2.1")),
            Map.entry("action-resume", List.of("2.1")),
            Map.entry("action-reboot", List.of("2.1")),
            Map.entry("action-lock", List.of("2.1", "2.73")),
            Map.entry("action-unlock", List.of("2.1")),
            Map.entry("action-resize", List.of("2.1")),
            Map.entry("action-confirmResize", List.of("2.1")),
            Map.entry("action-revertResize", List.of("2.1")),
            Map.entry("action-createImage", List.of("2.1")),
            Map.entry("action-rebuild", List.of("2.1")),
            Map.entry("action-os-getConsoleOutput", List.of("2.1")));

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true)
                    // a schema may give a readable reason per keyword: "message": {"pattern": "..."}
                    .errorMessageKeyword("message")
                    .build()));

    private static final Map<String, NavigableMap<Microversion, Schema>> CACHE = new ConcurrentHashMap<>();

    private RequestSchemas() {
    }

    /**
     * Checks {@code body} against schema {@code schemaName} as it stands at {@code mv}.
     *
     * @return the body, unchanged
     * @throws ApiException 400 with a Nova-style message naming the field, its value and what is wrong;
     *                      404 when the API does not exist yet at {@code mv} (no schema version ≤ mv)
     * @throws IllegalArgumentException for a schema name that does not exist (a programming error)
     */
    public static JsonNode validate(String schemaName, Microversion mv, JsonNode body) {
        var entry = versions(schemaName).floorEntry(mv);
        if (entry == null) {
            throw ApiException.notFound("The resource could not be found.");
        }
        return check(entry.getValue(), body);
    }

    /** Checks {@code body} against the newest version of an unversioned schema (e.g. {@code keystone-auth}). */
    public static JsonNode validate(String schemaName, JsonNode body) {
        return check(versions(schemaName).lastEntry().getValue(), body);
    }

    /** The schema names known, for tests and diagnostics. */
    public static Set<String> names() {
        return FILES.keySet();
    }

    private static JsonNode check(Schema schema, JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull() || !body.isObject()) {
            throw ApiException.badRequest("The request body is missing or is not a JSON object.");
        }
        List<Error> errors = schema.validate(body);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(ValidationMessages.describe(pickMostSpecific(errors)));
        }
        return body;
    }

    /** Report the deepest error: it names the field the user got wrong, not an enclosing object. */
    private static Error pickMostSpecific(List<Error> errors) {
        Error best = errors.getFirst();
        for (Error e : errors) {
            if (e.getInstanceLocation().getNameCount() > best.getInstanceLocation().getNameCount()) {
                best = e;
            }
        }
        return best;
    }

    private static NavigableMap<Microversion, Schema> versions(String schemaName) {
        List<String> files = FILES.get(schemaName);
        if (files == null) {
            throw new IllegalArgumentException("no request schema named " + schemaName);
        }
        return CACHE.computeIfAbsent(schemaName, name -> {
            NavigableMap<Microversion, Schema> loaded = new TreeMap<>();
            for (String version : files) {
                loaded.put(Microversion.parse(version), load(name + "/" + version + ".json"));
            }
            return loaded;
        });
    }

    private static Schema load(String path) {
        try (InputStream in = RequestSchemas.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            Objects.requireNonNull(in, () -> "missing schema resource " + ROOT + path);
            return REGISTRY.getSchema(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable schema " + path, e);
        }
    }
}
