package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.identity.StableIds;
import io.openvcluster.server.kube.crd.DeletedServerRecord;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.testing.Eventually;
import io.openvcluster.server.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Nova's os-simple-tenant-usage computed from the servers' lifecycle: hours in the period times the flavor's vcpus,
 * RAM and disk, a deleted server counted until its deletion, every project's usage for admins and one project's for
 * its own callers (403 otherwise), Nova's 400s for bad times, and pages from 2.40.
 */
@ServerTest
class SimpleTenantUsageApiIT extends SandboxApiTest {
    private static final String USAGE = "/compute/v2.1/os-simple-tenant-usage";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    /** Tempest's format: {@code %Y-%m-%dT%H:%M:%S.%f}, and Nova's in its answers. */
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);
    private static final double HOUR_PRECISION = 1e-9;
    private static final String DEMO_PROJECT = StableIds.of("project", "demo");
    private static final String ALT_PROJECT = StableIds.of("project", "alt_demo");
    private static final String ADMIN_PROJECT = StableIds.of("project", "admin");

    SimpleTenantUsageApiIT(Http1Client client) {
        super(client);
    }

    /**
     * A server of a project of its own, launched two days ago (on the hour) and deleted ten hours later, as the
     * facade keeps it: its usage over known periods is known exactly.
     */
    @Test
    void aKeptDeletedServerCountsItsHoursInThePeriodTimesItsFlavor() {
        Instant launched = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));
        Instant deleted = launched.plus(Duration.ofHours(10));
        String project = "usage-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String id = keptDeletedServer(project, "counted", launched, deleted);
        Api admin = api.as("admin");

        // from two hours after the launch to two hours after the deletion: eight hours
        String period = "?start=" + SECONDS.format(launched.plus(Duration.ofHours(2)))
                + "&end=" + SECONDS.format(deleted.plus(Duration.ofHours(2)));
        Reply shown = Eventually.awaitValue("the facade has the kept record", () -> {
            Reply r = admin.get(USAGE + "/" + project + period);
            return r.body().path("tenant_usage").size() > 0 ? r : null;
        });
        assertThat(shown.text(), shown.status(), is(200));
        JsonNode usage = shown.body().path("tenant_usage");
        assertThat(usage.size(), is(8));
        assertThat(usage.path("tenant_id").asText(), is(project));
        assertThat(usage.path("total_hours").asDouble(), is(8.0));
        assertThat(usage.path("total_vcpus_usage").asDouble(), is(2 * 8.0));
        assertThat(usage.path("total_memory_mb_usage").asDouble(), is(2048 * 8.0));
        assertThat("root and ephemeral disk", usage.path("total_local_gb_usage").asDouble(), is((20 + 5) * 8.0));
        assertThat(usage.path("start").asText(), is(MICROS.format(launched.plus(Duration.ofHours(2)))));
        assertThat("an end in the past stays", usage.path("stop").asText(),
                is(MICROS.format(deleted.plus(Duration.ofHours(2)))));
        assertThat(usage.path("server_usages").size(), is(1));
        JsonNode server = usage.at("/server_usages/0");
        assertThat(server.size(), is(12));
        assertThat(server.path("instance_id").asText(), is(id));
        assertThat(server.path("name").asText(), is("counted"));
        assertThat(server.path("tenant_id").asText(), is(project));
        assertThat(server.path("flavor").asText(), is("usage.flavor"));
        assertThat(server.path("vcpus").asInt(), is(2));
        assertThat(server.path("memory_mb").asInt(), is(2048));
        assertThat(server.path("local_gb").asInt(), is(25));
        assertThat(server.path("hours").asDouble(), is(8.0));
        assertThat(server.path("started_at").asText(), is(MICROS.format(launched)));
        assertThat(server.path("ended_at").asText(), is(MICROS.format(deleted)));
        assertThat(server.path("state").asText(), is("terminated"));
        assertThat("ten hours from launch to deletion", server.path("uptime").asLong(), is(36_000L));

        // the whole life within a longer period, in Nova's other format (a space, then microseconds)
        String around = "?start=" + launched.minus(Duration.ofHours(1)).toString().replace("T", "%20")
                .replace("Z", ".000000") + "&end=" + MICROS.format(deleted.plus(Duration.ofHours(1)));
        assertThat(admin.get(USAGE + "/" + project + around).body().at("/tenant_usage/total_hours").asDouble(),
                is(10.0));
        // every project's, for the same period: this project alone ran then; without detailed=1 no server_usages
        Reply all = admin.get(USAGE + period);
        assertThat(all.text(), all.status(), is(200));
        assertThat(all.body().path("tenant_usages").size(), is(1));
        JsonNode listed = all.body().at("/tenant_usages/0");
        assertThat(listed.size(), is(7));
        assertThat(listed.path("tenant_id").asText(), is(project));
        assertThat(listed.path("total_vcpus_usage").asDouble(), is(16.0));
        assertThat(admin.get(USAGE + period + "&detailed=1").body().at("/tenant_usages/0/server_usages/0/hours")
                .asDouble(), is(8.0));

        // periods that miss its life: ended before its launch, or begun at its deletion
        String before = "?start=" + SECONDS.format(launched.minus(Duration.ofHours(5))) + "&end="
                + SECONDS.format(launched);
        Reply none = admin.get(USAGE + "/" + project + before);
        assertThat(none.text(), none.status(), is(200));
        assertThat("Nova's empty usage", none.body().path("tenant_usage").size(), is(0));
        String after = "?start=" + SECONDS.format(deleted) + "&end=" + SECONDS.format(deleted.plusSeconds(60));
        assertThat(admin.get(USAGE + "/" + project + after).body().path("tenant_usage").size(), is(0));
        assertThat(admin.get(USAGE + after).body().path("tenant_usages").size(), is(0));
    }

    @Test
    void aLiveServerCountsUpToTheEndAskedAndItsProjectReadsItAsTempestDoes() {
        Api demo = api.as("demo");
        String id = sharedServer("used");
        JsonNode shown = demo.get("/compute/v2.1/servers/" + id).body().path("server");
        String project = shown.path("tenant_id").asText();
        Instant launched = LocalDateTime.parse(shown.path("OS-SRV-USG:launched_at").asText())
                .toInstant(ZoneOffset.UTC);
        JsonNode flavor = demo.get("/compute/v2.1/flavors/1").body().path("flavor");
        Instant end = launched.plusSeconds(2);
        Eventually.await("two seconds after the launch", () -> Instant.now().isAfter(end));

        Reply r = demo.get(USAGE + "/" + project + "?start=" + MICROS.format(launched.minus(Duration.ofDays(1)))
                + "&end=" + MICROS.format(end));
        assertThat(r.text(), r.status(), is(200));
        JsonNode usage = r.body().path("tenant_usage");
        JsonNode server = find(usage.path("server_usages"), id);
        double hours = 2 / 3600.0;
        assertThat(server.path("hours").asDouble(), closeTo(hours, HOUR_PRECISION));
        assertThat(server.path("state").asText(), is("active"));
        assertThat(server.path("ended_at").isNull(), is(true));
        assertThat(server.path("started_at").asText(), is(shown.path("OS-SRV-USG:launched_at").asText()));
        assertThat(server.path("vcpus").asInt(), is(flavor.path("vcpus").asInt()));
        assertThat(server.path("memory_mb").asInt(), is(flavor.path("ram").asInt()));
        assertThat(server.path("local_gb").asInt(),
                is(flavor.path("disk").asInt() + flavor.path("OS-FLV-EXT-DATA:ephemeral").asInt()));
        assertThat(server.path("flavor").asText(), is(flavor.path("name").asText()));
        assertThat("up since its launch", server.path("uptime").asLong(), greaterThanOrEqualTo(2L));
        double vcpuHours = 0;
        double totalHours = 0;
        for (JsonNode s : usage.path("server_usages")) {
            vcpuHours += s.path("vcpus").asInt() * s.path("hours").asDouble();
            totalHours += s.path("hours").asDouble();
        }
        assertThat(usage.path("total_vcpus_usage").asDouble(), closeTo(vcpuHours, HOUR_PRECISION));
        assertThat(usage.path("total_hours").asDouble(), closeTo(totalHours, HOUR_PRECISION));

        // tempest's calls: a day either side of now (an end in the future is cut to now), 8 keys each
        String aroundNow = tempestPeriod();
        JsonNode own = demo.get(USAGE + "/" + project + aroundNow).body().path("tenant_usage");
        assertThat(own.size(), is(8));
        assertThat(find(own.path("server_usages"), id).path("hours").asDouble(),
                greaterThanOrEqualTo(hours));
        Instant stop = LocalDateTime.parse(own.path("stop").asText()).toInstant(ZoneOffset.UTC);
        assertThat("the end cut to now", stop.isBefore(Instant.now().plusSeconds(1)), is(true));
        Reply all = api.as("admin").get(USAGE + aroundNow + "&detailed=1");
        assertThat(all.text(), all.status(), is(200));
        assertThat(all.body().at("/tenant_usages/0").size(), is(8));
        assertThat(ids(all.body()), hasItems(id));
    }

    @Test
    void aDeletedServerIsCountedUntilItsDeletion() {
        Api demo = api.as("demo");
        String id = demo.activeServer("used-then-deleted");
        String project = demo.get("/compute/v2.1/servers/" + id).body().at("/server/tenant_id").asText();
        Reply deleted = demo.call(Method.DELETE, "/compute/v2.1/servers/" + id, null);
        assertThat(deleted.text(), deleted.status(), is(204));
        Eventually.await(id + " gone", () -> demo.get("/compute/v2.1/servers/" + id).status() == 404);

        JsonNode server = Eventually.awaitValue("counted as terminated", () -> {
            JsonNode s = find(demo.get(USAGE + "/" + project + tempestPeriod()).body()
                    .at("/tenant_usage/server_usages"), id);
            return s.path("state").asText().equals("terminated") ? s : null;
        });
        Instant started = LocalDateTime.parse(server.path("started_at").asText()).toInstant(ZoneOffset.UTC);
        Instant ended = LocalDateTime.parse(server.path("ended_at").asText()).toInstant(ZoneOffset.UTC);
        assertThat(ended.isAfter(started), is(true));
        assertThat(server.path("hours").asDouble(),
                closeTo(ChronoUnit.MICROS.between(started, ended) / 1e6 / 3600.0, HOUR_PRECISION));
        assertThat(server.path("uptime").asLong(), is(Duration.between(started, ended).getSeconds()));
    }

    @Test
    void anotherProjectsUsageIsForbiddenAndEveryProjectsIsForAdmins() {
        Api demo = api.as("demo");
        Api alt = api.as("alt_demo");
        String altProject = ALT_PROJECT;
        String demoProject = DEMO_PROJECT;

        Reply foreign = demo.get(USAGE + "/" + altProject + tempestPeriod());
        assertThat(foreign.text(), foreign.status(), is(403));
        assertThat(foreign.body().at("/forbidden/message").asText(),
                is("Policy doesn't allow os_compute_api:os-simple-tenant-usage:show to be performed."));
        assertThat("the policy before the times, as Nova",
                demo.get(USAGE + "/" + altProject + "?start=yesterday").status(), is(403));
        Reply list = demo.get(USAGE + tempestPeriod() + "&detailed=1");
        assertThat(list.status(), is(403));
        assertThat(list.body().at("/forbidden/message").asText(),
                is("Policy doesn't allow os_compute_api:os-simple-tenant-usage:list to be performed."));

        assertThat(demo.get(USAGE + "/" + demoProject + tempestPeriod()).status(), is(200));
        Reply altOwn = alt.get(USAGE + "/" + altProject + tempestPeriod());
        assertThat(altOwn.text(), altOwn.status(), is(200));
        assertThat(api.as("admin").get(USAGE + "/" + altProject + tempestPeriod()).status(), is(200));
        assertThat(api.as("admin").get(USAGE + "/" + demoProject + tempestPeriod()).status(), is(200));
    }

    @Test
    void badTimesAreNovas400() {
        Api admin = api.as("admin");
        String project = ADMIN_PROJECT;
        for (String bad : List.of("yesterday", "2024-13-01T00:00:00", "2024-02-30T00:00:00", "2024-01-01",
                "2024-01-01 10:00:00", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00.1234567",
                "2024-01-01T10:00:00+01:00")) {
            for (String param : List.of("start", "end")) {
                Reply r = admin.get(USAGE + "/" + project + "?" + param + "=" + bad.replace(" ", "%20")
                        .replace("+", "%2B"));
                assertThat(bad + " " + r.text(), r.status(), is(400));
                assertThat(r.body().at("/badRequest/message").asText(),
                        is("Invalid datetime string: Datetime is in invalid format"));
            }
        }
        String invalidPeriod = "Invalid start time. The start time cannot occur after the end time.";
        Instant now = Instant.now();
        // tempest's negative test: start and end swapped
        Reply swapped = admin.get(USAGE + "/" + project + "?start=" + MICROS.format(now.plus(Duration.ofDays(1)))
                + "&end=" + MICROS.format(now.minus(Duration.ofDays(1))));
        assertThat(swapped.text(), swapped.status(), is(400));
        assertThat(swapped.body().at("/badRequest/message").asText(), is(invalidPeriod));
        assertThat("an empty period", admin.get(USAGE + "?start=2024-01-01T00:00:00&end=2024-01-01T00:00:00")
                .body().at("/badRequest/message").asText(), is(invalidPeriod));
        assertThat("an end in the past with no start (now)", admin.get(USAGE + "?end=2024-01-01T00:00:00")
                .status(), is(400));

        for (String good : List.of("2024-1-5T3:4:5", "2024-01-05T03:04:05.5", "2024-01-05%2003:04:05.123456",
                "2024-01-05+03:04:05.5", "2024-01-05t03:04:05")) {
            Reply r = admin.get(USAGE + "?start=" + good);
            assertThat(good + " " + r.text(), r.status(), is(200));
        }
        Reply noTimes = admin.get(USAGE);
        assertThat("neither start nor end (now): " + noTimes.text(), noTimes.status(), is(200));
        assertThat("an empty value reads as absent", admin.get(USAGE + "?start=&end=").status(), is(200));
        assertThat("tempest: an empty tenant id is not found", admin.get(USAGE + "/" + tempestPeriod()).status(),
                is(404));
        assertThat(admin.call(Method.POST, USAGE, "{}").status(), is(405));
    }

    @Test
    void pagesFrom240FollowTheNextLinksInNovasOrder() {
        Api demo = api.as("demo");
        String first = sharedServer("used");
        String second = sharedServer("used-too");
        String third = api.as("alt_demo").activeServer("used-elsewhere");
        Api admin = api.as("admin");
        String period = tempestPeriod() + "&detailed=1";

        List<String> all = ids(admin.mv("2.40").get(USAGE + period).body());
        assertThat(all, hasItems(first, second, third));
        List<String> paged = new ArrayList<>();
        String next = USAGE + period + "&limit=1";
        int pages = 0;
        while (next != null) {
            Reply page = admin.mv("2.40").get(next);
            assertThat(page.text(), page.status(), is(200));
            List<String> onPage = ids(page.body());
            assertThat(page.text(), onPage.size() <= 1, is(true));
            paged.addAll(onPage);
            JsonNode link = page.body().at("/tenant_usages_links/0");
            assertThat("a next link exactly when the page is full", link.isMissingNode(), is(onPage.isEmpty()));
            next = link.isMissingNode() ? null : link.path("href").asText()
                    .substring(link.path("href").asText().indexOf("/compute/"));
            assertThat(++pages <= all.size() + 1, is(true));
        }
        assertThat("every server once, in the order of one page", paged, is(all));
        List<Map.Entry<String, String>> byProject = new ArrayList<>();
        JsonNode whole = admin.mv("2.40").get(USAGE + period).body();
        whole.path("tenant_usages").forEach(t -> t.path("server_usages").forEach(s ->
                byProject.add(Map.entry(t.path("tenant_id").asText(), s.path("instance_id").asText()))));
        assertThat("ordered by project, then id", byProject, is(byProject.stream()
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .toList()));

        assertThat("no pages before 2.40", ids(admin.mv("2.39").get(USAGE + period + "&limit=1&marker=x").body()),
                is(all));
        assertThat(admin.mv("2.39").get(USAGE + period + "&limit=-1").status(), is(200));
        Reply badLimit = admin.mv("2.40").get(USAGE + period + "&limit=-1");
        assertThat(badLimit.status(), is(400));
        Reply badMarker = admin.mv("2.40").get(USAGE + period + "&marker=nope");
        assertThat(badMarker.status(), is(400));
        assertThat(badMarker.body().at("/badRequest/message").asText(), is("Marker nope could not be found."));

        String project = demo.get("/compute/v2.1/servers/" + first).body().at("/server/tenant_id").asText();
        Reply shown = demo.mv("2.40").get(USAGE + "/" + project + tempestPeriod() + "&limit=1");
        assertThat(shown.text(), shown.status(), is(200));
        String firstOfProject = shown.body().at("/tenant_usage/server_usages/0/instance_id").asText();
        String href = shown.body().at("/tenant_usage_links/0/href").asText();
        assertThat(shown.body().at("/tenant_usage_links/0/rel").asText(), is("next"));
        assertThat(href, containsString("/compute/v2.1/os-simple-tenant-usage/" + project + "?"));
        assertThat(href, containsString("limit=1"));
        assertThat(href, containsString("marker=" + firstOfProject));
        JsonNode second2 = demo.mv("2.40").get(href.substring(href.indexOf("/compute/"))).body();
        assertThat(second2.at("/tenant_usage/server_usages/0/instance_id").asText().compareTo(firstOfProject) > 0,
                is(true));
        assertThat(demo.mv("2.39").get(USAGE + "/" + project + tempestPeriod() + "&limit=1").body()
                .has("tenant_usage_links"), is(false));
    }

    /** A kept deleted server of {@code project} with a flavor of 2 vcpus, 2 GiB, 20 + 5 GiB, written directly. */
    private static String keptDeletedServer(String project, String name, Instant launched, Instant deleted) {
        String id = UUID.randomUUID().toString();
        ServerSpec spec = new ServerSpec();
        spec.setName(name);
        spec.setProjectId(project);
        spec.setUserId("usage-user");
        spec.setFlavor(new FlavorSnapshot("usage.flavor", "usage.flavor", 2, 2048, 20, 5, 0, Map.of()));
        spec.setCreatedAt(launched.minusSeconds(30).toString());
        DeletedServerRecord kept = new DeletedServerRecord();
        kept.setMetadata(new ObjectMetaBuilder().withName(id).withNamespace(Fixtures.settings().namespace())
                .build());
        kept.getSpec().setServer(spec);
        kept.getSpec().setLaunchedAt(launched.toString());
        kept.getSpec().setDeletedAt(deleted.toString());
        SandboxDomain.client().resources(DeletedServerRecord.class).inNamespace(Fixtures.settings().namespace())
                .resource(kept).create();
        return id;
    }

    /** Tempest's period: a day either side of now, in its format. */
    private static String tempestPeriod() {
        Instant now = Instant.now();
        return "?start=" + MICROS.format(now.minus(Duration.ofDays(1))) + "&end="
                + MICROS.format(now.plus(Duration.ofDays(1)));
    }

    private static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.path("tenant_usages").forEach(t -> t.path("server_usages")
                .forEach(s -> ids.add(s.path("instance_id").asText())));
        return ids;
    }

    private static JsonNode find(JsonNode serverUsages, String id) {
        for (JsonNode s : serverUsages) {
            if (s.path("instance_id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError(id + " not counted: " + serverUsages);
    }
}
