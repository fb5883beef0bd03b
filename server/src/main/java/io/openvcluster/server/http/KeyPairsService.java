package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.server.compute.CreatedKeyPair;
import io.openvcluster.server.compute.KeyPairData;
import io.openvcluster.server.compute.KeyPairService;
import io.openvcluster.server.compute.NewKeyPair;
import io.openvcluster.server.identity.Caller;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Nova {@code os-keypairs}: list (each item wrapped in {@code {"keypair": ...}}, paged from 2.35),
 * create or import, show and delete. Microversion rules: {@code type} from 2.2 (with 201/204 answers instead of
 * 200/202), {@code user_id} from 2.10 (admins), {@code @} and {@code .} in names from 2.92, where a public key
 * becomes required (no more generated keys).
 */
final class KeyPairsService implements HttpService {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9 _-]+");
    private static final Pattern NAME_292 = Pattern.compile("[a-zA-Z0-9 _@.-]+");
    private static final DateTimeFormatter NOVA_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private final KeyPairService keyPairs;

    KeyPairsService(KeyPairService keyPairs) {
        this.keyPairs = keyPairs;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/os-keypairs", this::list)
                .post("/os-keypairs", this::create)
                .get("/os-keypairs/{name}", this::show)
                .delete("/os-keypairs/{name}", this::delete)
                .methodNotAllowedForTheRest();
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        Microversion mv = RequestContext.microversion(req);
        UriQuery query = req.query();
        List<KeyPairData> all = keyPairs.listKeyPairs(caller, userId(query, mv));
        Optional<String> next = Optional.empty();
        if (mv.atLeast(35)) {
            Optional<String> marker = QueryParams.first(query, "marker");
            if (marker.isPresent()) {
                int at = indexOf(all, marker.get());
                if (at < 0) {
                    throw ApiException.badRequest("Marker " + marker.get() + " could not be found.");
                }
                all = all.subList(at + 1, all.size());
            }
            Optional<Integer> limit = QueryParams.nonNegativeInt(query, "limit");
            if (limit.isPresent() && all.size() > limit.get()) {
                all = all.subList(0, limit.get());
                if (!all.isEmpty()) {
                    next = Optional.of(QueryParams.nextHref(RequestContext.links(req).computeBase()
                            + "/v2.1/os-keypairs", query, all.getLast().name()));
                }
            }
        }
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("keypairs");
        for (KeyPairData k : all) {
            ObjectNode item = items.addObject().putObject("keypair");
            item.put("name", k.name());
            item.put("public_key", k.publicKey());
            item.put("fingerprint", k.fingerprint());
            if (mv.atLeast(2)) {
                item.put("type", k.type());
            }
        }
        next.ifPresent(href -> {
            ObjectNode link = body.putArray("keypairs_links").addObject();
            link.put("href", href);
            link.put("rel", "next");
        });
        Responses.ok(res, body);
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        Microversion mv = RequestContext.microversion(req);
        NewKeyPair request = parse(JsonBodies.object(req), mv);
        CreatedKeyPair created = keyPairs.createKeyPair(caller, request);
        KeyPairData k = created.keyPair();
        ObjectNode body = Json.object();
        ObjectNode item = body.putObject("keypair");
        item.put("name", k.name());
        item.put("public_key", k.publicKey());
        item.put("fingerprint", k.fingerprint());
        item.put("user_id", k.userId());
        created.privateKey().ifPresent(key -> item.put("private_key", key));
        if (mv.atLeast(2)) {
            item.put("type", k.type());
        }
        Responses.json(res, mv.atLeast(2) ? 201 : 200, body);
    }

    private void show(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        Microversion mv = RequestContext.microversion(req);
        KeyPairData k = keyPairs.getKeyPair(caller, name(req), userId(req.query(), mv));
        ObjectNode body = Json.object();
        ObjectNode item = body.putObject("keypair");
        item.put("name", k.name());
        item.put("public_key", k.publicKey());
        item.put("fingerprint", k.fingerprint());
        item.put("user_id", k.userId());
        item.put("id", k.numericId());
        item.put("created_at", NOVA_TIME.format(k.createdAt()));
        item.put("deleted", false);
        item.putNull("deleted_at");
        item.putNull("updated_at");
        if (mv.atLeast(2)) {
            item.put("type", k.type());
        }
        Responses.ok(res, body);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        Microversion mv = RequestContext.microversion(req);
        keyPairs.deleteKeyPair(caller, name(req), userId(req.query(), mv));
        Responses.empty(res, mv.atLeast(2) ? 204 : 202);
    }

    /** The create body by Nova's schema for the microversion. */
    static NewKeyPair parse(ObjectNode body, Microversion mv) {
        if (!(body.get("keypair") instanceof ObjectNode keypair)) {
            throw ApiException.badRequest("Invalid input for field/attribute keypair. 'keypair' is a required "
                    + "property");
        }
        Set<String> allowed = mv.atLeast(10) ? Set.of("name", "public_key", "type", "user_id")
                : mv.atLeast(2) ? Set.of("name", "public_key", "type") : Set.of("name", "public_key");
        for (Iterator<String> it = keypair.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw ApiException.badRequest("Invalid input for field/attribute keypair. Additional properties "
                        + "are not allowed ('" + field + "' was unexpected)");
            }
        }
        JsonNode name = keypair.get("name");
        if (name == null || !name.isTextual()) {
            throw ApiException.badRequest("Invalid input for field/attribute keypair. 'name' is a required property");
        }
        String text = name.asText();
        if (text.isEmpty() || text.length() > 255) {
            throw ApiException.badRequest("Keypair data is invalid: Keypair name must be string and between 1 "
                    + "and 255 characters long");
        }
        if (!(mv.atLeast(92) ? NAME_292 : NAME).matcher(text).matches()) {
            throw ApiException.badRequest("Keypair data is invalid: Keypair name contains unsafe characters");
        }
        Optional<String> publicKey = optionalText(keypair, "public_key");
        if (publicKey.isEmpty() && mv.atLeast(92)) {
            throw ApiException.badRequest("Invalid input for field/attribute keypair. 'public_key' is a required "
                    + "property");
        }
        String type = optionalText(keypair, "type").orElse("ssh");
        if (!type.equals("ssh") && !type.equals("x509")) {
            throw ApiException.badRequest("Invalid input for field/attribute type. Value: " + type
                    + ". '" + type + "' is not one of ['ssh', 'x509']");
        }
        return new NewKeyPair(text, type, publicKey, optionalText(keypair, "user_id"));
    }

    private static Optional<String> optionalText(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: " + value
                    + ". " + value + " is not of type 'string'");
        }
        return Optional.of(value.asText());
    }

    /** {@code user_id} is a query parameter from 2.10; earlier it is ignored, as Nova does. */
    private static Optional<String> userId(UriQuery query, Microversion mv) {
        return mv.atLeast(10) ? QueryParams.first(query, "user_id") : Optional.empty();
    }

    /**
     * Key pair names may hold spaces (and from 2.92 '@'), which clients percent-encode in the path. A name that does
     * not decode (a lone '%') is taken as it is: no key pair has it, so the answer is Nova's 404.
     */
    private static String name(ServerRequest req) {
        String raw = req.path().pathParameters().get("name");
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    private static int indexOf(List<KeyPairData> keys, String name) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
