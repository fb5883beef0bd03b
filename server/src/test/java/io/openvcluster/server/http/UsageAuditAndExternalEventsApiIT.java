package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nova's admin APIs about the whole cloud: os-instance_usage_audit_log computed from the servers' lifecycle (one host,
 * the last completed month), and os-server-external-events, whose events come from services this facade does not
 * have: Nova's schema and policy, then 501.
 */
@ServerTest
class UsageAuditAndExternalEventsApiIT extends SandboxApiTest {
    private static final String AUDIT = "/compute/v2.1/os-instance_usage_audit_log";
    private static final String EVENTS = "/compute/v2.1/os-server-external-events";

    UsageAuditAndExternalEventsApiIT(Http1Client client) {
        super(client);
    }

    @Test
    void theAuditCountsTheServersInUseInTheLastCompletedMonth() {
        Api admin = api.as("admin");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // the month that contains today, as the last one completed just after it ends
        String afterThisMonth = today.withDayOfMonth(1).plusMonths(1) + "%2000:00:01";
        int thisMonth = total(admin.get(AUDIT + "/" + afterThisMonth), "instance_usage_audit_log");
        int lastMonth = total(admin.get(AUDIT), "instance_usage_audit_logs");
        api.as("demo").activeServer("audited");
        assertThat(total(admin.get(AUDIT + "/" + afterThisMonth), "instance_usage_audit_log"), is(thisMonth + 1));
        assertThat("launched this month: not in the last completed one",
                total(admin.get(AUDIT), "instance_usage_audit_logs"), is(lastMonth));

        JsonNode old = admin.get(AUDIT + "/2012-07-05%2010:00:00.123456").body().path("instance_usage_audit_log");
        assertThat(old.path("period_beginning").asText(), is("2012-06-01 00:00:00"));
        assertThat(old.path("period_ending").asText(), is("2012-07-01 00:00:00"));
        assertThat(old.path("total_instances").asInt(), is(0));
        assertThat(old.path("num_hosts").asInt(), is(1));
        assertThat(old.path("num_hosts_done").asInt(), is(1));
        assertThat(old.path("hosts_not_run").size(), is(0));
        assertThat(old.path("overall_status").asText(), is("ALL hosts done. 0 errors."));
        assertThat(old.at("/log/host-cluster/state").asText(), is("DONE"));
        assertThat(old.at("/log/host-cluster/message").asText(),
                is("Instance usage audit ran for host host-cluster, 0 instances in 0.0 seconds."));
        JsonNode now = admin.get(AUDIT).body().path("instance_usage_audit_logs");
        assertThat(now.path("period_ending").asText(), is(today.withDayOfMonth(1) + " 00:00:00"));
        assertThat(now.path("period_beginning").asText(), is(today.withDayOfMonth(1).minusMonths(1) + " 00:00:00"));

        Reply bad = admin.get(AUDIT + "/yesterday");
        assertThat(bad.text(), bad.status(), is(400));
        assertThat(bad.body().at("/badRequest/message").asText(), is("Invalid timestamp for date yesterday"));
        Reply member = api.as("demo").get(AUDIT);
        assertThat(member.status(), is(403));
        assertThat(member.body().at("/forbidden/message").asText(),
                is("Policy doesn't allow os_compute_api:os-instance-usage-audit-log:list to be performed."));
        assertThat("the policy before the timestamp, as Nova", api.as("demo").get(AUDIT + "/yesterday").status(),
                is(403));
        assertThat(admin.call(Method.POST, AUDIT, "{}").status(), is(405));
    }

    @Test
    void externalEventsAreCheckedAsNovaChecksThemThenAre501() {
        Api admin = api.as("admin");
        String event = "{\"events\": [{\"name\": \"%s\", \"server_uuid\": \"%s\"}]}";
        String id = "0c8a1b0e-0000-4000-8000-000000000000";
        for (String body : List.of("{\"events\": []}", "{}", "{\"events\": [{\"name\": \"network-changed\"}]}",
                event.formatted("reboot", id), event.formatted("power-update", id),
                "{\"events\": [{\"name\": \"network-changed\", \"server_uuid\": \"" + id + "\", \"status\": \"done\"}]}",
                "{\"events\": [{\"name\": \"network-changed\", \"server_uuid\": \"" + id + "\", \"x\": 1}]}")) {
            Reply refused = admin.mv("2.1").call(Method.POST, EVENTS, body);
            assertThat(body + " " + refused.text(), refused.status(), is(400));
        }
        Reply member = api.as("demo").call(Method.POST, EVENTS, event.formatted("network-changed", id));
        assertThat(member.status(), is(403));
        assertThat(member.body().at("/forbidden/message").asText(),
                is("Policy doesn't allow os_compute_api:os-server-external-events:create to be performed."));
        Reply notHere = admin.mv("2.76").call(Method.POST, EVENTS, event.formatted("power-update", id));
        assertThat(notHere.text(), notHere.status(), is(501));
        assertThat(notHere.body().at("/notImplemented/message").asText().startsWith(
                "os-server-external-events is not implemented: its events come from Neutron, Cinder, Ironic and "
                        + "Cyborg"), is(true));
        assertThat(admin.get(EVENTS).status(), is(405));
    }

    private static int total(Reply reply, String key) {
        assertThat(reply.text(), reply.status(), is(200));
        return reply.body().path(key).path("total_instances").asInt();
    }
}
