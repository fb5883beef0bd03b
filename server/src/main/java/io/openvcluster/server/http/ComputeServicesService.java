package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.server.compute.ComputeServiceData;
import io.openvcluster.server.compute.Fleet;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;

/**
 * Nova's {@code os-services}, admins only: the list (filtered by {@code host} and {@code binary}), and what an admin
 * sets on a compute service: before 2.53 {@code PUT /os-services/enable}, {@code disable},
 * {@code disable-log-reason} and (2.11) {@code force-down} by host and binary; from 2.53 {@code PUT
 * /os-services/{uuid}}. A disabled {@code nova-compute} gets no new servers (docs/fleet.md). Deleting a service is
 * refused: the facade's own services and its configured host clusters come back as long as they are configured.
 */
final class ComputeServicesService implements HttpService {
    private static final String POLICY = "os_compute_api:os-services";
    private static final DateTimeFormatter NOVA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);
    /** The query parameters Nova's schema admits from 2.75 (unknown ones were ignored before). */
    private static final Set<String> LIST_PARAMETERS = Set.of("host", "binary");
    private static final int MAX_REASON = 255;

    private final Fleet fleet;

    ComputeServicesService(Fleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/os-services", this::list)
                .put("/os-services/{action}", this::update)
                .delete("/os-services/{id}", this::delete)
                .methodNotAllowedForTheRest();
    }

    private void list(ServerRequest req, ServerResponse res) {
        RequestContext.requireAdmin(RequestContext.caller(req), POLICY + ":list");
        Microversion mv = RequestContext.microversion(req);
        if (mv.atLeast(75)) {
            req.query().names().stream().filter(n -> !LIST_PARAMETERS.contains(n)).findFirst().ifPresent(n -> {
                throw ApiException.badRequest("Invalid input for query parameters " + n
                        + ". Additional properties are not allowed ('" + n + "' was unexpected)");
            });
        }
        Optional<String> host = QueryParams.first(req.query(), "host");
        Optional<String> binary = QueryParams.first(req.query(), "binary");
        ObjectNode body = Json.object();
        var list = body.putArray("services");
        fleet.services().stream()
                .filter(s -> host.map(s.host()::equals).orElse(true))
                .filter(s -> binary.map(s.binary()::equals).orElse(true))
                .forEach(s -> list.add(view(s, mv)));
        Responses.ok(res, body);
    }

    private void update(ServerRequest req, ServerResponse res) {
        RequestContext.requireAdmin(RequestContext.caller(req), POLICY + ":update");
        Microversion mv = RequestContext.microversion(req);
        String action = req.path().pathParameters().get("action");
        ObjectNode body = JsonBodies.object(req);
        if (mv.atLeast(53)) {
            updateById(res, mv, action, body);
            return;
        }
        ComputeServiceData service = byHostAndBinary(body);
        ObjectNode out = Json.object();
        ObjectNode view = out.putObject("service");
        view.put("host", service.host()).put("binary", service.binary());
        switch (action) {
            case "enable" -> view.put("status", status(fleet.update(service, Optional.of(false), Optional.empty(),
                    Optional.empty())));
            case "disable" -> view.put("status", status(fleet.update(service, Optional.of(true), Optional.empty(),
                    Optional.empty())));
            case "disable-log-reason" -> {
                String reason = reason(body.get("disabled_reason"))
                        .orElseThrow(() -> ApiException.badRequest("Missing disabled reason field"));
                ComputeServiceData updated = fleet.update(service, Optional.of(true), Optional.of(reason),
                        Optional.empty());
                view.put("status", status(updated)).put("disabled_reason", reason);
            }
            case "force-down" -> {
                if (mv.before(11)) {
                    throw ApiException.notFound("Unknown action");
                }
                JsonNode forced = body.get("forced_down");
                if (forced == null || !forced.isBoolean()) {
                    throw ApiException.badRequest("Invalid input for field/attribute forced_down. "
                            + "Value: " + forced + ". It is not a boolean.");
                }
                view.put("forced_down", fleet.update(service, Optional.empty(), Optional.empty(),
                        Optional.of(forced.booleanValue())).forcedDown());
            }
            default -> throw ApiException.notFound("Unknown action");
        }
        Responses.ok(res, out);
    }

    /** 2.53: {@code {"status", "disabled_reason", "forced_down"}} on one service, by its UUID. */
    private void updateById(ServerResponse res, Microversion mv, String id, ObjectNode body) {
        if (!UuidLike.test(id)) {
            throw ApiException.badRequest("Invalid uuid " + id);
        }
        for (String field : (Iterable<String>) body::fieldNames) {
            if (!Set.of("status", "disabled_reason", "forced_down").contains(field)) {
                throw ApiException.badRequest("Invalid input for field/attribute service. Additional properties are "
                        + "not allowed ('" + field + "' was unexpected)");
            }
        }
        Optional<Boolean> disabled = Optional.ofNullable(body.get("status")).map(s -> switch (s.asText()) {
            case "enabled" -> false;
            case "disabled" -> true;
            default -> throw ApiException.badRequest("Invalid input for field/attribute status. Value: " + s
                    + ". '" + s.asText() + "' is not one of ['enabled', 'disabled']");
        });
        Optional<String> reason = reason(body.get("disabled_reason"));
        JsonNode forced = body.get("forced_down");
        if (forced != null && !forced.isBoolean()) {
            throw ApiException.badRequest("Invalid input for field/attribute forced_down. Value: " + forced
                    + ". It is not a boolean.");
        }
        if (disabled.isEmpty() && forced == null) {
            throw ApiException.badRequest("At least one of 'status' or 'forced_down' must be specified in the "
                    + "request body.");
        }
        if (reason.isPresent() && !disabled.orElse(false)) {
            throw ApiException.badRequest("Specifying 'disabled_reason' with status 'enabled' is invalid.");
        }
        ComputeServiceData service = fleet.serviceByUuid(id)
                .orElseThrow(() -> ApiException.notFound("Service " + id + " not found."));
        if (!service.compute()) {
            throw ApiException.badRequest("Updating a " + service.binary() + " service is not supported. Only "
                    + "nova-compute services can be updated.");
        }
        ComputeServiceData updated = fleet.update(service, disabled, reason,
                Optional.ofNullable(forced).map(JsonNode::booleanValue));
        ObjectNode out = Json.object();
        out.set("service", view(updated, mv));
        Responses.ok(res, out);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        RequestContext.requireAdmin(RequestContext.caller(req), POLICY + ":delete");
        Microversion mv = RequestContext.microversion(req);
        String id = req.path().pathParameters().get("id");
        Optional<ComputeServiceData> service = mv.atLeast(53)
                ? Optional.of(id).filter(UuidLike::test).flatMap(fleet::serviceByUuid)
                : fleet.services().stream().filter(s -> String.valueOf(s.number()).equals(id)).findFirst();
        if (service.isEmpty()) {
            throw mv.atLeast(53) && !UuidLike.test(id) ? ApiException.badRequest("Invalid uuid " + id)
                    : ApiException.notFound("Service " + id + " not found.");
        }
        throw ApiException.conflict("Service " + id + " (" + service.get().binary() + " on " + service.get().host()
                + ") cannot be deleted: it is this facade's own, or a host cluster it is configured with "
                + "(OVC_HOST_NAME); remove the host from the configuration instead.");
    }

    private ComputeServiceData byHostAndBinary(ObjectNode body) {
        String host = text(body, "host");
        String binary = text(body, "binary");
        return fleet.service(binary, host).orElseThrow(() -> ApiException.notFound(
                "Could not find binary " + binary + " on host " + host + "."));
    }

    private static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty() || value.asText().length() > 255) {
            throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: " + value
                    + ". It must be a string of 1 to 255 characters.");
        }
        return value.asText();
    }

    private static Optional<String> reason(JsonNode value) {
        if (value == null) {
            return Optional.empty();
        }
        String reason = value.asText();
        if (!value.isTextual() || reason.isBlank() || reason.length() > MAX_REASON) {
            throw ApiException.badRequest("Invalid input for field/attribute disabled_reason. Value: " + value
                    + ". It must be a string of 1 to 255 characters.");
        }
        return Optional.of(reason);
    }

    private static String status(ComputeServiceData service) {
        return service.disabled() ? "disabled" : "enabled";
    }

    /** One service as Nova lists it; {@code forced_down} from 2.11, the UUID as its id from 2.53. */
    static ObjectNode view(ComputeServiceData s, Microversion mv) {
        ObjectNode o = Json.object();
        if (mv.atLeast(53)) {
            o.put("id", s.uuid());
        } else {
            o.put("id", s.number());
        }
        o.put("binary", s.binary()).put("host", s.host()).put("zone", s.zone()).put("status", status(s))
                .put("state", s.up() ? "up" : "down");
        o.put("updated_at", s.updatedAt().map(NOVA_TIME::format).orElse(null));
        o.put("disabled_reason", s.disabledReason().orElse(null));
        if (mv.atLeast(11)) {
            o.put("forced_down", s.forcedDown());
        }
        return o;
    }

    /** Nova's service times, for the other fleet views. */
    static String novaTime(java.time.Instant time) {
        return NOVA_TIME.format(time);
    }
}
