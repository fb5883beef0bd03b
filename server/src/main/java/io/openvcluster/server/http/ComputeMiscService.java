package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.view.ExtensionView;
import io.openvcluster.server.compute.ComputeServiceData;
import io.openvcluster.server.compute.Fleet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What describes the compute service rather than a resource of a project: the availability zones (those of the host
 * clusters; their detail, with the hosts and services, for admins) and the extensions served ({@link ExtensionView}).
 * Any authenticated caller may read the rest, as in Nova.
 */
final class ComputeMiscService implements HttpService {
    private final Fleet fleet;

    ComputeMiscService(Fleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/os-availability-zone", this::zones)
                .get("/os-availability-zone/detail", this::zonesDetail)
                .get("/extensions", this::extensions)
                .get("/extensions/{alias}", this::extension)
                .methodNotAllowedForTheRest();
    }

    /** The zones of the host clusters, available while one of its compute services is enabled. */
    private void zones(ServerRequest req, ServerResponse res) {
        RequestContext.caller(req);
        Map<String, List<ComputeServiceData>> zones = byZone(false);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("availabilityZoneInfo");
        zones.forEach((name, services) -> {
            ObjectNode zone = list.addObject();
            zone.put("zoneName", name);
            zone.putObject("zoneState").put("available", services.stream().anyMatch(s -> !s.disabled()));
            zone.putNull("hosts");
        });
        Responses.ok(res, body);
    }

    /**
     * Admins: every zone, Nova's {@code internal} one with the facade's own services included, with each host's
     * services: {@code available} while up, {@code active} while enabled, and their last heartbeat.
     */
    private void zonesDetail(ServerRequest req, ServerResponse res) {
        RequestContext.requireAdmin(RequestContext.caller(req), "os_compute_api:os-availability-zone:detail");
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("availabilityZoneInfo");
        byZone(true).forEach((name, services) -> {
            ObjectNode zone = list.addObject();
            zone.put("zoneName", name);
            zone.putObject("zoneState").put("available", services.stream().anyMatch(s -> !s.disabled()));
            ObjectNode hosts = zone.putObject("hosts");
            for (ComputeServiceData s : services) {
                ObjectNode host = hosts.has(s.host()) ? (ObjectNode) hosts.get(s.host()) : hosts.putObject(s.host());
                host.putObject(s.binary()).put("available", s.up()).put("active", !s.disabled())
                        .put("updated_at", s.updatedAt().map(ComputeServicesService::novaTime).orElse(null));
            }
        });
        Responses.ok(res, body);
    }

    private Map<String, List<ComputeServiceData>> byZone(boolean internal) {
        Map<String, List<ComputeServiceData>> zones = new LinkedHashMap<>();
        for (ComputeServiceData s : fleet.services()) {
            if (internal || s.compute()) {
                zones.computeIfAbsent(s.zone(), z -> new ArrayList<>()).add(s);
            }
        }
        return zones;
    }

    private void extensions(ServerRequest req, ServerResponse res) {
        RequestContext.caller(req);
        Responses.ok(res, ExtensionView.list(ExtensionView.served()));
    }

    private void extension(ServerRequest req, ServerResponse res) {
        RequestContext.caller(req);
        String alias = req.path().pathParameters().get("alias");
        Responses.ok(res, ExtensionView.show(ExtensionView.served(alias)
                .orElseThrow(() -> ApiException.notFound("The resource could not be found."))));
    }
}
