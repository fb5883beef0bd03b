package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.Json;
import io.openvcluster.server.compute.ServerDiagnostics.Diagnosis;
import io.openvcluster.server.compute.ServerDiagnostics;
import io.openvcluster.server.kube.host.HostDiagnostics;
import java.util.Optional;

/**
 * {@code GET /servers/{id}/diagnostics} ({@code openstack server show --diagnostics}, admins). Before 2.48 Nova answers
 * whatever its virt driver reports; here that is the vcluster's own report: its control-plane pods, its quota's hard
 * and used, its data volume, its kubeconfig Secret and the last failed reconcile pass. From 2.48 Nova's fixed shape,
 * with {@code null} where a field has no meaning for a vcluster, as Nova answers for what its driver does not know
 * (docs/verbs.md, "Diagnostics").
 */
final class ServerDiagnosticsService implements HttpService {
    /** Nova's {@code driver} names the virt driver: here the Kubernetes API (Nova's enumeration has no such value). */
    static final String DRIVER = "kubernetes";
    private static final double MIB = 1024 * 1024;

    private final ServerDiagnostics diagnostics;

    ServerDiagnosticsService(ServerDiagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules).get("/servers/{id}/diagnostics", this::show).methodNotAllowedForTheRest();
    }

    private void show(ServerRequest req, ServerResponse res) {
        Diagnosis diagnosis = diagnostics.of(RequestContext.caller(req), req.path().pathParameters().get("id"));
        Responses.ok(res, RequestContext.microversion(req).atLeast(48) ? standard(diagnosis) : vcluster(diagnosis));
    }

    /** Before 2.48: the driver's own report, the vcluster's. */
    static ObjectNode vcluster(Diagnosis d) {
        HostDiagnostics.Report host = d.host();
        ObjectNode body = Json.object().put("driver", DRIVER).put("state", d.state())
                .put("host_namespace", d.namespace()).put("release", d.release());
        host.uptimeSeconds(d.read()).ifPresentOrElse(u -> body.put("uptime", u), () -> body.putNull("uptime"));
        ArrayNode pods = body.putArray("control_plane_pods");
        for (HostDiagnostics.ControlPlanePod pod : host.pods()) {
            ObjectNode p = pods.addObject().put("name", pod.name()).put("phase", pod.phase())
                    .put("ready", pod.ready()).put("restarts", pod.restarts());
            pod.startedAt().ifPresent(s -> p.put("started_at", s.toString()));
        }
        ObjectNode quota = body.putObject("quota");
        host.quota().forEach((key, use) -> quota.putObject(key).put("hard", use.hard()).put("used", use.used()));
        body.putObject("flavor").put("vcpus", d.flavor().vcpus()).put("ram_mib", d.flavor().ramMb())
                .put("disk_gib", d.flavor().diskGb()).put("name", d.flavor().name());
        host.dataVolume().ifPresentOrElse(v -> {
            ObjectNode volume = body.putObject("data_volume").put("name", v.name()).put("requested", v.requested())
                    .put("phase", v.phase());
            v.capacity().ifPresent(c -> volume.put("capacity", c));
        }, () -> body.putNull("data_volume"));
        body.put("kubeconfig_secret", host.kubeconfigSecret() ? "present" : "missing");
        d.lastPassFailure().ifPresentOrElse(f -> body.putObject("last_reconcile_error").put("kind", f.kind())
                .put("message", f.message()).put("time", f.time()), () -> body.putNull("last_reconcile_error"));
        return body;
    }

    /**
     * From 2.48, Nova's shape: memory is the namespace's memory-request quota (the flavor's RAM and the control plane's
     * share) and what its pods request of it, in MiB; one disk, the data volume; no NIC (no network service: the
     * address is a Service's) and no per-CPU times.
     */
    static ObjectNode standard(Diagnosis d) {
        HostDiagnostics.Report host = d.host();
        ObjectNode body = Json.object().put("state", d.state()).put("driver", DRIVER).put("hypervisor", "vcluster");
        body.putNull("hypervisor_os");
        host.uptimeSeconds(d.read()).ifPresentOrElse(u -> body.put("uptime", u), () -> body.putNull("uptime"));
        body.put("config_drive", false).put("num_cpus", d.flavor().vcpus()).put("num_nics", 0)
                .put("num_disks", host.dataVolume().isPresent() ? 1 : 0);
        Optional<HostDiagnostics.QuotaUse> memory = Optional.ofNullable(host.quota().get("requests.memory"));
        ObjectNode details = body.putObject("memory_details");
        mebibytes(details, "maximum", memory.flatMap(HostDiagnostics.QuotaUse::hardAmount));
        mebibytes(details, "used", memory.flatMap(HostDiagnostics.QuotaUse::usedAmount));
        body.putArray("cpu_details");
        body.putArray("nic_details");
        ArrayNode disks = body.putArray("disk_details");
        host.dataVolume().ifPresent(v -> {
            ObjectNode disk = disks.addObject();
            for (String field : new String[] {"read_bytes", "read_requests", "write_bytes", "write_requests",
                "errors_count"}) {
                disk.putNull(field);
            }
        });
        return body;
    }

    private static void mebibytes(ObjectNode node, String field, Optional<Double> bytes) {
        bytes.ifPresentOrElse(b -> node.put(field, Math.round(b / MIB)), () -> node.putNull(field));
    }
}
