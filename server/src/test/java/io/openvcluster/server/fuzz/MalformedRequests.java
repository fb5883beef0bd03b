package io.openvcluster.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded generator of malformed requests across every endpoint: each request starts from a well-formed call on
 * one endpoint and gets one to three mutations (evil ids and path shapes, broken or mistyped JSON, wrong types,
 * missing and extra fields, hostile query strings, bad microversions and content types, bad or foreign tokens,
 * huge headers and bodies, unicode and control characters). The same seed gives the same requests.
 */
final class MalformedRequests {
    /** What the fixture provides: ids and tokens the endpoints are filled with. */
    record Fixture(String ownServer, String otherProjectServer, String flavor, String image, String projectId,
                   String memberToken, String adminToken, String otherProjectToken, String uploadImage,
                   long uploadLimit) {
    }

    /** One generated request and what the checks need to know about it. */
    record Generated(String method, String path, byte[] bytes, String description) {
        boolean mutating() {
            return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        }
    }

    private record Endpoint(String method, String path, String body) {
    }

    /** A security group id of the right shape that no project has: the bodies are parsed and checked all the same. */
    private static final String SOME_GROUP = "0e1b3c1a-1111-4222-8333-444455556666";
    /** The sandbox's compute service's id from 2.53 (derived from its binary and host, as the facade derives it). */
    private static final String COMPUTE_SERVICE = java.util.UUID.nameUUIDFromBytes(
            "compute-service/nova-compute@host-cluster".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();

    /** The body of an image upload: an archive or not ({@link ArchiveBodies}), sent as octets. */
    private static final String ARCHIVE = "<archive>";

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/compute/v2.1/servers", ""),
            new Endpoint("GET", "/compute/v2.1/servers/detail", ""),
            new Endpoint("POST", "/compute/v2.1/servers",
                    "{\"server\":{\"name\":\"fuzz\",\"flavorRef\":\"{flavor}\",\"imageRef\":\"{image}\",\"metadata\":{\"a\":\"b\"}}}"),
            new Endpoint("GET", "/compute/v2.1/servers/{server}", ""),
            new Endpoint("PUT", "/compute/v2.1/servers/{server}", "{\"server\":{\"name\":\"renamed\",\"description\":\"d\"}}"),
            new Endpoint("DELETE", "/compute/v2.1/servers/{server}", ""),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action", "{\"os-stop\":null}"),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action", "{\"reboot\":{\"type\":\"SOFT\"}}"),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action", "{\"resize\":{\"flavorRef\":\"{flavor}\"}}"),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action", "{\"createImage\":{\"name\":\"snap\",\"metadata\":{}}}"),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action", "{\"lock\":{\"locked_reason\":\"why\"}}"),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action",
                    "{\"createBackup\":{\"name\":\"b\",\"backup_type\":\"daily\",\"rotation\":2}}"),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action", "{\"shelve\":null}"),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action",
                    "{\"unshelve\":{\"availability_zone\":\"nova\"}}"),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action", "{\"restore\":null}"),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action",
                    "{\"rescue\":{\"adminPass\":\"p\",\"rescue_image_ref\":\"{image}\"}}"),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action", "{\"os-getConsoleOutput\":{\"length\":5}}"),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action", "{\"os-resetState\":{\"state\":\"active\"}}"),
            new Endpoint("GET", "/compute/v2.1/servers/detail?changes-since=2000-01-01T00:00:00Z", ""),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action", "{\"trigger_crash_dump\":null}"),
            new Endpoint("POST", "/compute/v2.1/os-server-external-events",
                    "{\"events\":[{\"name\":\"network-changed\",\"server_uuid\":\"{server}\",\"tag\":\"t\"}]}"),
            new Endpoint("GET", "/compute/v2.1/os-instance_usage_audit_log/2012-07-05%2010:00:00", ""),
            new Endpoint("GET", "/compute/v2.1/os-simple-tenant-usage?start=2012-07-05T10:00:00&detailed=1", ""),
            new Endpoint("GET", "/compute/v2.1/os-simple-tenant-usage/{project}?start=2012-07-05%2010:00:00.5"
                    + "&end=2030-01-01T00:00:00.000001&limit=1&marker={server}", ""),
            new Endpoint("GET", "/compute/v2.1/servers/{server}/crash-dumps/req-00000000-0000-0000-0000-000000000000",
                    ""),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action", "{\"addSecurityGroup\":{\"name\":\"default\"}}"),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/action",
                    "{\"removeSecurityGroup\":{\"name\":\"default\"}}"),
            new Endpoint("POST", "/compute/v2.1/servers",
                    "{\"server\":{\"name\":\"fuzz\",\"flavorRef\":\"{flavor}\",\"imageRef\":\"{image}\","
                            + "\"security_groups\":[{\"name\":\"default\"}]}}"),
            new Endpoint("GET", "/compute/v2.1/servers/{server}/metadata", ""),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/metadata", "{\"metadata\":{\"k\":\"v\"}}"),
            new Endpoint("PUT", "/compute/v2.1/servers/{server}/metadata", "{\"metadata\":{\"k\":\"v\"}}"),
            new Endpoint("PUT", "/compute/v2.1/servers/{server}/metadata/{key}", "{\"meta\":{\"{key}\":\"v\"}}"),
            new Endpoint("DELETE", "/compute/v2.1/servers/{server}/metadata/{key}", ""),
            new Endpoint("GET", "/compute/v2.1/servers/{server}/tags", ""),
            new Endpoint("PUT", "/compute/v2.1/servers/{server}/tags", "{\"tags\":[\"a\",\"b\"]}"),
            new Endpoint("PUT", "/compute/v2.1/servers/{server}/tags/{key}", ""),
            new Endpoint("DELETE", "/compute/v2.1/servers/{server}/tags/{key}", ""),
            new Endpoint("GET", "/compute/v2.1/servers/{server}/ips", ""),
            new Endpoint("GET", "/compute/v2.1/servers/{server}/os-security-groups", ""),
            new Endpoint("GET", "/compute/v2.1/servers/{server}/os-server-password", ""),
            new Endpoint("DELETE", "/compute/v2.1/servers/{server}/os-server-password", ""),
            new Endpoint("GET", "/compute/v2.1/servers/{server}/os-instance-actions", ""),
            new Endpoint("POST", "/compute/v2.1/servers/{server}/remote-consoles",
                    "{\"remote_console\":{\"protocol\":\"vnc\",\"type\":\"novnc\"}}"),
            new Endpoint("GET", "/compute/v2.1/flavors", ""),
            new Endpoint("GET", "/compute/v2.1/flavors/detail", ""),
            new Endpoint("GET", "/compute/v2.1/flavors/{flavor}", ""),
            new Endpoint("POST", "/compute/v2.1/flavors",
                    "{\"flavor\":{\"name\":\"f\",\"ram\":512,\"vcpus\":1,\"disk\":1,\"id\":\"fuzz\"}}"),
            new Endpoint("DELETE", "/compute/v2.1/flavors/{flavor}", ""),
            new Endpoint("PUT", "/compute/v2.1/flavors/{flavor}", "{\"flavor\":{\"description\":\"d\"}}"),
            new Endpoint("GET", "/compute/v2.1/flavors/{flavor}/os-flavor-access", ""),
            new Endpoint("POST", "/compute/v2.1/flavors/{flavor}/action", "{\"addTenantAccess\":{\"tenant\":\"p\"}}"),
            new Endpoint("POST", "/compute/v2.1/flavors/{flavor}/action",
                    "{\"removeTenantAccess\":{\"tenant\":\"p\"}}"),
            new Endpoint("POST", "/compute/v2.1/flavors/{flavor}/os-extra_specs", "{\"extra_specs\":{\"k\":\"v\"}}"),
            new Endpoint("GET", "/compute/v2.1/images/{image}", ""),
            new Endpoint("GET", "/compute/v2.1/os-availability-zone", ""),
            new Endpoint("GET", "/compute/v2.1/os-availability-zone/detail", ""),
            new Endpoint("GET", "/compute/v2.1/os-services?binary=nova-compute&host=host-cluster", ""),
            new Endpoint("PUT", "/compute/v2.1/os-services/disable-log-reason",
                    "{\"host\":\"host-cluster\",\"binary\":\"nova-compute\",\"disabled_reason\":\"fuzz\"}"),
            new Endpoint("PUT", "/compute/v2.1/os-services/enable", "{\"host\":\"host-cluster\",\"binary\":\"nova-compute\"}"),
            new Endpoint("PUT", "/compute/v2.1/os-services/" + COMPUTE_SERVICE,
                    "{\"status\":\"enabled\",\"forced_down\":false}"),
            new Endpoint("DELETE", "/compute/v2.1/os-services/" + COMPUTE_SERVICE, ""),
            new Endpoint("GET", "/compute/v2.1/os-hypervisors/detail?with_servers=true&limit=1", ""),
            new Endpoint("GET", "/compute/v2.1/os-hypervisors/1", ""),
            new Endpoint("GET", "/compute/v2.1/os-hypervisors/statistics", ""),
            new Endpoint("GET", "/compute/v2.1/os-hypervisors/host/servers", ""),
            new Endpoint("GET", "/compute/v2.1/os-hosts/host-cluster", ""),
            new Endpoint("PUT", "/compute/v2.1/os-hosts/host-cluster", "{\"status\":\"enable\"}"),
            new Endpoint("GET", "/compute/v2.1/os-aggregates", ""),
            new Endpoint("GET", "/compute/v2.1/os-server-groups?all_projects=True&limit=2&offset=0", ""),
            new Endpoint("POST", "/compute/v2.1/os-server-groups",
                    "{\"server_group\":{\"name\":\"fz\",\"policies\":[\"anti-affinity\"]}}"),
            new Endpoint("GET", "/compute/v2.1/os-server-groups/" + SOME_GROUP, ""),
            new Endpoint("DELETE", "/compute/v2.1/os-server-groups/" + SOME_GROUP, ""),
            new Endpoint("POST", "/compute/v2.1/servers",
                    "{\"server\":{\"name\":\"fuzz\",\"flavorRef\":\"{flavor}\",\"imageRef\":\"{image}\"},"
                            + "\"os:scheduler_hints\":{\"group\":\"" + SOME_GROUP + "\"}}"),
            new Endpoint("GET", "/compute/v2.1/extensions", ""),
            new Endpoint("GET", "/compute/v2.1/extensions/os-keypairs", ""),
            new Endpoint("GET", "/compute/v2.1/limits", ""),
            new Endpoint("GET", "/compute/v2.1/os-quota-sets/{project}", ""),
            new Endpoint("PUT", "/compute/v2.1/os-quota-sets/{project}", "{\"quota_set\":{\"instances\":20}}"),
            new Endpoint("POST", "/compute/v2.1/os-keypairs", "{\"keypair\":{\"name\":\"k\"}}"),
            new Endpoint("GET", "/compute/v2.1/os-security-groups", ""),
            new Endpoint("POST", "/compute/v2.1/os-security-groups",
                    "{\"security_group\":{\"name\":\"fz\",\"description\":\"d\"}}"),
            new Endpoint("GET", "/compute/v2.1/os-security-groups/" + SOME_GROUP, ""),
            new Endpoint("PUT", "/compute/v2.1/os-security-groups/" + SOME_GROUP,
                    "{\"security_group\":{\"name\":\"fz\",\"description\":\"d\"}}"),
            new Endpoint("DELETE", "/compute/v2.1/os-security-groups/" + SOME_GROUP, ""),
            new Endpoint("POST", "/compute/v2.1/os-security-group-rules",
                    "{\"security_group_rule\":{\"parent_group_id\":\"" + SOME_GROUP + "\",\"ip_protocol\":\"tcp\","
                            + "\"from_port\":443,\"to_port\":443,\"cidr\":\"10.0.0.0/8\",\"group_id\":null}}"),
            new Endpoint("DELETE", "/compute/v2.1/os-security-group-rules/" + SOME_GROUP, ""),
            new Endpoint("GET", "/compute/v2.1", ""),
            new Endpoint("POST", "/identity/v3/auth/tokens",
                    "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"demo\","
                            + "\"domain\":{\"name\":\"Default\"},\"password\":\"wrong\"}}},"
                            + "\"scope\":{\"project\":{\"name\":\"demo\",\"domain\":{\"name\":\"Default\"}}}}}"),
            new Endpoint("GET", "/identity/v3/auth/tokens", ""),
            new Endpoint("GET", "/identity/v3/auth/projects", ""),
            new Endpoint("GET", "/identity/v3", ""),
            new Endpoint("GET", "/image/v2/images", ""),
            new Endpoint("GET", "/image/v2/images/{image}", ""),
            new Endpoint("PATCH", "/image/v2/images/{image}", "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"n\"}]"),
            new Endpoint("DELETE", "/image/v2/images/{image}", ""),
            new Endpoint("POST", "/image/v2/images", "{\"name\":\"fuzz\",\"container_format\":\"bare\","
                    + "\"disk_format\":\"raw\",\"tags\":[\"t\"],\"min_ram\":1}"),
            new Endpoint("PUT", "/image/v2/images/{upload}/file", ARCHIVE),
            new Endpoint("GET", "/image/v2/images/{upload}/file", ""));

    private static final String[] EVIL_IDS = {
        "", "%00", "..", "%2e%2e", "%2F", "a".repeat(4000), "%ff%fe", "%C3%BC", "%F0%9F%92%A9", "{id}",
        "'%20OR%201=1%20--", "%0d%0aX-Injected:%201", "null", "-1", "99999999999999999999", "%25", "*", "~",
        "00000000-0000-0000-0000-000000000000", "%E2%80%AE", "%7B%7D"};
    private static final String[] EVIL_QUERY_KEYS = {
        "limit", "marker", "changes-since", "changes-before", "sort_key", "sort_dir", "name", "status", "all_tenants",
        "is_public", "minRam", "minDisk", "tags", "not-tags", "visibility", "owner", "member_status", "", "%zz", "deleted",
        "project_id", "flavor", "image", "ip"};
    private static final String[] EVIL_QUERY_VALUES = {
        "-1", "abc", "1e9", "99999999999999999999", "", "%00", "((", "[", "2026-13-45T99:99:99", "%C3%BC",
        "x".repeat(3000), "True", "None", "%0a", "..%2F..", "*", "0", "1001", "desc,asc", "created_at"};
    private static final String[] MICROVERSIONS = {
        "2.1", "2.96", "latest", "2.97", "3.0", "2.", "abc", "2.1.1", " ", "compute 2.999", "compute",
        "volume 2.1", "compute latest", "compute 2.0", "2.-1", "compute 2.26, image 2.1", "1" + "0".repeat(40)};
    private static final String[] CONTENT_TYPES = {
        "application/json", "text/plain", "application/json-patch+json",
        "application/openstack-images-v2.1-json-patch", "", "multipart/form-data; boundary=x", "application/xml",
        "application/json; charset=latin1"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    private static final String[] PATH_SUFFIXES = {"/", "//", "/../flavors", "/%2e%2e/%2e%2e/identity/v3", "/x/y/z",
        ";jsessionid=1", "%20", "/.", "/detail/detail", "?", "#frag"};
    private static final JsonNode[] WRONG_VALUES = {
        JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.booleanNode(true),
        JsonNodeFactory.instance.numberNode(1), JsonNodeFactory.instance.numberNode(-1),
        JsonNodeFactory.instance.numberNode(1.5e308), JsonNodeFactory.instance.textNode(""),
        JsonNodeFactory.instance.textNode("x".repeat(300)),
        JsonNodeFactory.instance.textNode("\u00fc\u0000\u001f\u202e\ud83d\udca9"),
        JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(),
        JsonNodeFactory.instance.arrayNode().add(1).add("two"),
        JsonNodeFactory.instance.textNode("{\"nested\": true}"),
        JsonNodeFactory.instance.numberNode(Long.MAX_VALUE)};

    private final Fixture fixture;
    private final Random random;
    private final ArchiveBodies archives;

    MalformedRequests(Fixture fixture, long seed) {
        this.fixture = fixture;
        this.random = new Random(seed);
        this.archives = new ArchiveBodies(random, fixture.uploadLimit());
    }

    Generated next() {
        Endpoint endpoint = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
        Draft draft = new Draft(endpoint.method(), endpoint.path(), endpoint.body());
        List<String> applied = new ArrayList<>();
        if (draft.body.equals(ARCHIVE)) {
            ArchiveBodies.Body archive = archives.next();
            draft.body = "";
            draft.rawBody = archive.bytes();
            draft.contentType = "application/octet-stream";
            applied.add(archive.description());
        }
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            applied.add(mutate(draft));
        }
        if (draft.path.contains("{server}") && (draft.method.equals("DELETE") || draft.body.isEmpty() && !draft.method.equals("GET"))) {
            // never a well-formed delete or body-less write of the fixture's own server: that would be a valid call
            draft.path = draft.path.replace("{server}", UUID.randomUUID().toString());
        }
        String path = fill(draft.path);
        String body = fill(draft.body);
        byte[] bytes = render(draft, path, body);
        return new Generated(draft.method, path, bytes, endpoint.method() + " " + endpoint.path() + " " + applied);
    }

    /** A request being mutated. */
    private static final class Draft {
        String method;
        String path;
        String body;
        String query = "";
        String token;
        String microversion;
        String microversionHeader = "OpenStack-API-Version";
        String contentType = "application/json";
        String extraHeader = "";
        byte[] rawBody;

        Draft(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body;
        }
    }

    private String mutate(Draft d) {
        switch (random.nextInt(12)) {
            case 0, 1 -> {
                String evil = EVIL_IDS[random.nextInt(EVIL_IDS.length)];
                String placeholder = pick("{server}", "{flavor}", "{image}", "{key}", "{project}", "{upload}");
                if (d.path.contains(placeholder)) {
                    d.path = d.path.replace(placeholder, evil);
                } else {
                    d.path = d.path + "/" + evil;
                }
                return "evil id " + shorten(evil);
            }
            case 2 -> {
                String suffix = PATH_SUFFIXES[random.nextInt(PATH_SUFFIXES.length)];
                d.path = d.path + suffix;
                return "path suffix " + suffix;
            }
            case 3 -> {
                StringBuilder q = new StringBuilder();
                int pairs = 1 + random.nextInt(3);
                for (int i = 0; i < pairs; i++) {
                    q.append(i == 0 ? "" : "&").append(EVIL_QUERY_KEYS[random.nextInt(EVIL_QUERY_KEYS.length)])
                            .append('=').append(EVIL_QUERY_VALUES[random.nextInt(EVIL_QUERY_VALUES.length)]);
                }
                d.query = q.toString();
                return "query";
            }
            case 4 -> {
                d.rawBody = brokenBody(d.body);
                return "broken body";
            }
            case 5, 6 -> {
                d.body = mistypedBody(d.body);
                return "mistyped field";
            }
            case 7 -> {
                d.microversion = MICROVERSIONS[random.nextInt(MICROVERSIONS.length)];
                d.microversionHeader = random.nextBoolean() ? "OpenStack-API-Version" : "X-OpenStack-Nova-API-Version";
                return "microversion " + d.microversion;
            }
            case 8 -> {
                d.contentType = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
                return "content type " + d.contentType;
            }
            case 9 -> {
                d.token = pick("garbage", "", "x".repeat(20_000), fixture.otherProjectToken(), fixture.adminToken(),
                        "none", fixture.memberToken() + "x", fixture.memberToken().substring(1));
                return "token";
            }
            case 10 -> {
                d.method = METHODS[random.nextInt(METHODS.length)];
                return "method " + d.method;
            }
            default -> {
                if (random.nextInt(4) == 0) {
                    d.extraHeader = "X-Huge: " + "h".repeat(100_000) + "\r\n";
                    return "huge header";
                }
                if (random.nextInt(3) == 0) {
                    d.rawBody = ("{\"server\":{\"name\":\"" + "n".repeat(1_100_000) + "\"}}").getBytes(StandardCharsets.UTF_8);
                    return "huge body";
                }
                d.extraHeader = "X-Unicode: \u00fc\u00e9\r\nX-Empty:\r\n";
                return "odd headers";
            }
        }
    }

    private byte[] brokenBody(String valid) {
        return switch (random.nextInt(7)) {
            case 0 -> valid.substring(0, random.nextInt(Math.max(1, valid.length()))).getBytes(StandardCharsets.UTF_8);
            case 1 -> {
                byte[] noise = new byte[1 + random.nextInt(200)];
                random.nextBytes(noise);
                yield noise;
            }
            case 2 -> pick("null", "[]", "\"str\"", "1", "{}", "true", "{\"a\":1,\"a\":2}").getBytes(StandardCharsets.UTF_8);
            case 3 -> ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
            case 4 -> (valid + "}}}trailing").getBytes(StandardCharsets.UTF_8);
            case 5 -> valid.replace("\"", "'").getBytes(StandardCharsets.UTF_8);
            default -> valid.getBytes(StandardCharsets.UTF_16);
        };
    }

    private String mistypedBody(String valid) {
        if (valid.isEmpty()) {
            return "{\"unexpected\":" + WRONG_VALUES[random.nextInt(WRONG_VALUES.length)] + "}";
        }
        try {
            JsonNode root = Json.MAPPER.readTree(fill(valid));
            JsonNode target = root;
            // walk down a random path of containers
            while (true) {
                List<JsonNode> children = new ArrayList<>();
                target.forEach(c -> {
                    if (c.isContainerNode()) {
                        children.add(c);
                    }
                });
                if (children.isEmpty() || random.nextInt(3) == 0) {
                    break;
                }
                target = children.get(random.nextInt(children.size()));
            }
            JsonNode wrong = WRONG_VALUES[random.nextInt(WRONG_VALUES.length)];
            if (target instanceof ObjectNode object) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                int action = random.nextInt(3);
                if (action == 0 && !names.isEmpty()) {
                    object.remove(names.get(random.nextInt(names.size())));
                } else if (action == 1 && !names.isEmpty()) {
                    object.set(names.get(random.nextInt(names.size())), wrong);
                } else {
                    object.set(pick("extra", "", "\u0000", "id", "links", "x".repeat(300)), wrong);
                }
            } else if (target instanceof ArrayNode array) {
                array.add(wrong);
            }
            return Json.MAPPER.writeValueAsString(root);
        } catch (Exception e) {
            return valid;
        }
    }

    private String fill(String text) {
        return text.replace("{server}", random.nextInt(10) == 0 ? fixture.otherProjectServer() : fixture.ownServer())
                .replace("{flavor}", fixture.flavor())
                .replace("{image}", fixture.image())
                .replace("{upload}", fixture.uploadImage())
                .replace("{project}", fixture.projectId())
                .replace("{key}", "k" + random.nextInt(3));
    }

    private byte[] render(Draft d, String path, String body) {
        String target = path + (d.query.isEmpty() ? "" : (path.contains("?") ? "&" : "?") + d.query);
        target = target.replace(" ", "%20").replace("\r", "%0d").replace("\n", "%0a");
        byte[] payload = d.rawBody != null ? d.rawBody : body.getBytes(StandardCharsets.UTF_8);
        boolean sendsBody = payload.length > 0 && !d.method.equals("GET") && !d.method.equals("HEAD");
        StringBuilder head = new StringBuilder();
        head.append(d.method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1\r\nConnection: close\r\nAccept: application/json\r\n");
        String token = d.token == null ? fixture.memberToken() : d.token;
        if (!token.equals("none")) {
            head.append("X-Auth-Token: ").append(token).append("\r\n");
        }
        if (d.microversion != null) {
            head.append(d.microversionHeader).append(": ").append(d.microversion).append("\r\n");
        }
        if (sendsBody) {
            if (!d.contentType.isEmpty()) {
                head.append("Content-Type: ").append(d.contentType).append("\r\n");
            }
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        head.append(d.extraHeader).append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (sendsBody) {
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + ")" : s;
    }
}
