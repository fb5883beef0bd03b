package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import io.openvcluster.server.compute.HypervisorData;
import java.util.Optional;

/**
 * Nova's deprecated {@code os-hosts}, admins only, up to 2.42 (404 from 2.43, as Nova): the hosts with their
 * services, one compute host's resources, and its update. {@code status} enables or disables its compute service;
 * {@code maintenance_mode} and the power actions ({@code startup}, {@code shutdown}, {@code reboot}) would act on a
 * whole host cluster's machines, which this facade does not manage: 501, as Nova answers for drivers without them.
 */
final class HostsService implements HttpService {
    private static final String POLICY = "os_compute_api:os-hosts";
    private static final int LAST_MINOR = 42;

    private final Fleet fleet;

    HostsService(Fleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/os-hosts", this::list)
                .get("/os-hosts/{host}", this::show)
                .put("/os-hosts/{host}", this::update)
                .get("/os-hosts/{host}/{power}", this::power)
                .methodNotAllowedForTheRest();
    }

    private void list(ServerRequest req, ServerResponse res) {
        admin(req, "list");
        Optional<String> zone = QueryParams.first(req.query(), "zone").filter(z -> !z.isEmpty());
        ObjectNode body = Json.object();
        ArrayNode hosts = body.putArray("hosts");
        fleet.services().stream().filter(s -> zone.map(s.zone()::equals).orElse(true))
                .forEach(s -> hosts.addObject().put("host_name", s.host()).put("service", s.topic())
                        .put("zone", s.zone()));
        Responses.ok(res, body);
    }

    /** The host's size (total), what its servers use (used_now and used_max: the flavors), then per project. */
    private void show(ServerRequest req, ServerResponse res) {
        admin(req, "show");
        String host = req.path().pathParameters().get("host");
        HypervisorData h = hypervisor(host);
        ObjectNode body = Json.object();
        ArrayNode resources = body.putArray("host");
        resource(resources, host, "(total)", h.capacity().vcpus(), h.capacity().memoryMb(), h.capacity().diskGb());
        resource(resources, host, "(used_now)", h.used().vcpus(), h.used().memoryMb(), h.used().diskGb());
        resource(resources, host, "(used_max)", h.used().vcpus(), h.used().memoryMb(), h.used().diskGb());
        fleet.usageByProject(host).forEach((project, used) ->
                resource(resources, host, project, used.vcpus(), used.memoryMb(), used.diskGb()));
        Responses.ok(res, body);
    }

    private void update(ServerRequest req, ServerResponse res) {
        admin(req, "update");
        String host = req.path().pathParameters().get("host");
        ObjectNode body = JsonBodies.object(req);
        for (String field : (Iterable<String>) body::fieldNames) {
            if (!field.equals("status") && !field.equals("maintenance_mode")) {
                throw ApiException.badRequest("Invalid input for field/attribute host. Additional properties are not "
                        + "allowed ('" + field + "' was unexpected)");
            }
        }
        Optional<Boolean> enable = toggle(body, "status");
        Optional<Boolean> maintenance = toggle(body, "maintenance_mode");
        if (enable.isEmpty() && maintenance.isEmpty()) {
            throw ApiException.badRequest("'status' or 'maintenance_mode' needed for host update");
        }
        ComputeServiceData compute = fleet.service(ComputeServiceData.COMPUTE, host)
                .orElseThrow(() -> hostNotFound(host));
        if (maintenance.isPresent()) {
            throw ApiException.notImplemented("Maintenance mode would drain a whole host cluster's nodes, which this "
                    + "facade does not manage; disable its compute service instead (os-services).");
        }
        ComputeServiceData updated = fleet.update(compute, Optional.of(!enable.get()), Optional.empty(),
                Optional.empty());
        ObjectNode out = Json.object();
        out.put("host", host).put("status", updated.disabled() ? "disabled" : "enabled");
        Responses.ok(res, out);
    }

    private void power(ServerRequest req, ServerResponse res) {
        admin(req, "start");
        String host = req.path().pathParameters().get("host");
        String action = req.path().pathParameters().get("power");
        if (!action.equals("startup") && !action.equals("shutdown") && !action.equals("reboot")) {
            throw ApiException.notFound("The resource could not be found.");
        }
        fleet.service(ComputeServiceData.COMPUTE, host).orElseThrow(() -> hostNotFound(host));
        throw ApiException.notImplemented("A power action on a host would start, stop or reboot every node of a host "
                + "cluster, which this facade does not manage.");
    }

    private HypervisorData hypervisor(String host) {
        return fleet.hypervisors().stream().filter(h -> h.hostname().equals(host)).findFirst()
                .orElseThrow(() -> hostNotFound(host));
    }

    private static ApiException hostNotFound(String host) {
        return ApiException.notFound("Compute host " + host + " could not be found.");
    }

    /** {@code enable} or {@code disable}, Nova's two values, else 400. */
    private static Optional<Boolean> toggle(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.asText()) {
            case "enable" -> Optional.of(true);
            case "disable" -> Optional.of(false);
            default -> throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
                    + value + ". " + value + " is not one of ['enable', 'disable']");
        };
    }

    private static void resource(ArrayNode resources, String host, String project, int cpu, int memoryMb, int diskGb) {
        resources.addObject().putObject("resource").put("host", host).put("project", project).put("cpu", cpu)
                .put("memory_mb", memoryMb).put("disk_gb", diskGb);
    }

    /** Gone from 2.43 for everyone, as Nova routes it; before, admins only. */
    private static Microversion admin(ServerRequest req, String rule) {
        Microversion mv = RequestContext.microversion(req);
        if (mv.atLeast(LAST_MINOR + 1)) {
            throw ApiException.notFound("The resource could not be found.");
        }
        RequestContext.requireAdmin(RequestContext.caller(req), POLICY + ":" + rule);
        return mv;
    }
}
