package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.server.compute.Fleet;
import io.openvcluster.server.compute.ServerService;
import io.openvcluster.server.compute.UsageAudit;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Nova's {@code os-instance_usage_audit_log} (admins): the audit of the last completed month, or of the last one
 * completed before {@code before_timestamp} ({@code YYYY-MM-DD hh:mm:ss[.ffffff]}, Nova's two formats; 400 otherwise),
 * in Nova's shape, with the one host this facade has ({@link UsageAudit} says how it is computed).
 */
final class UsageAuditLogService implements HttpService {
    private static final String LIST = "os_compute_api:os-instance-usage-audit-log:list";
    private static final String SHOW = "os_compute_api:os-instance-usage-audit-log:show";
    private static final DateTimeFormatter NOVA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter NOVA_TIME_MICROS = DateTimeFormatter.ofPattern(
            "yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final ServerService servers;
    private final Fleet fleet;

    UsageAuditLogService(ServerService servers, Fleet fleet) {
        this.servers = servers;
        this.fleet = fleet;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/os-instance_usage_audit_log", this::index)
                .get("/os-instance_usage_audit_log/{before}", this::show)
                .methodNotAllowedForTheRest();
    }

    private void index(ServerRequest req, ServerResponse res) {
        UsageAudit audit = servers.usageAudit(RequestContext.caller(req), Optional::empty, LIST);
        ObjectNode body = Json.object();
        body.set("instance_usage_audit_logs", view(audit, auditedHost()));
        Responses.ok(res, body);
    }

    private void show(ServerRequest req, ServerResponse res) {
        // the path parameter comes percent-encoded (the space of Nova's format is %20)
        String before = URLDecoder.decode(req.path().pathParameters().get("before").replace("+", "%2B"),
                StandardCharsets.UTF_8);
        UsageAudit audit = servers.usageAudit(RequestContext.caller(req), () -> Optional.of(parse(before)), SHOW);
        ObjectNode body = Json.object();
        body.set("instance_usage_audit_log", view(audit, auditedHost()));
        Responses.ok(res, body);
    }

    /** Nova's two formats, in UTC; anything else is Nova's 400. */
    static Instant parse(String before) {
        for (DateTimeFormatter format : new DateTimeFormatter[] {NOVA_TIME, NOVA_TIME_MICROS}) {
            try {
                return LocalDateTime.parse(before, format).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // the next format
            }
        }
        throw ApiException.badRequest("Invalid timestamp for date " + before);
    }

    /** The one host cluster the facade manages today: every audited server is on it. */
    private String auditedHost() {
        return fleet.hosts().getFirst();
    }

    static ObjectNode view(UsageAudit audit, String hostName) {
        ObjectNode log = Json.object();
        log.putArray("hosts_not_run");
        ObjectNode host = log.putObject("log").putObject(hostName);
        host.put("errors", 0);
        host.put("instances", audit.instances());
        host.put("message", "Instance usage audit ran for host " + hostName + ", "
                + audit.instances() + " instances in 0.0 seconds.");
        host.put("state", "DONE");
        log.put("num_hosts", 1);
        log.put("num_hosts_done", 1);
        log.put("num_hosts_not_run", 0);
        log.put("num_hosts_running", 0);
        log.put("overall_status", "ALL hosts done. 0 errors.");
        log.put("period_beginning", NOVA_TIME.format(audit.periodBeginning().atOffset(ZoneOffset.UTC)));
        log.put("period_ending", NOVA_TIME.format(audit.periodEnding().atOffset(ZoneOffset.UTC)));
        log.put("total_errors", 0);
        log.put("total_instances", audit.instances());
        return log;
    }
}
