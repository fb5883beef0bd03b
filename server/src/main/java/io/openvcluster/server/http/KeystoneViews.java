package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.Json;
import io.openvcluster.server.identity.IdentityProvider.Domain;
import io.openvcluster.server.identity.IdentityProvider.Project;
import io.openvcluster.server.identity.IdentityProvider.User;
import io.openvcluster.server.identity.StableIds;
import io.openvcluster.server.identity.TokenInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Keystone v3 bodies: the token, the catalog, projects and users. */
final class KeystoneViews {
    /** Keystone's {@code %Y-%m-%dT%H:%M:%S.%fZ}; tempest parses it with strptime and refuses offsets. */
    private static final DateTimeFormatter KEYSTONE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    static final String REGION = "RegionOne";
    private static final List<String> INTERFACES = List.of("public", "internal", "admin");

    /** One catalog entry: the services this facade serves, and nothing else (no network, volume or object-store). */
    private record CatalogService(String type, String name, String path) {
    }

    private static final List<CatalogService> SERVICES = List.of(
            new CatalogService("identity", "keystone", "/identity"),
            new CatalogService("compute", "nova", "/compute/v2.1"),
            new CatalogService("image", "glance", "/image"));

    private KeystoneViews() {
    }

    static String time(Instant instant) {
        return KEYSTONE_TIME.format(instant);
    }

    /** {@code {"token": {...}}}; a project-scoped token carries roles and the catalog, an unscoped one neither. */
    static ObjectNode token(TokenInfo info, String base) {
        ObjectNode doc = Json.object();
        ObjectNode token = doc.putObject("token");
        ArrayNode methods = token.putArray("methods");
        info.methods().forEach(methods::add);
        ObjectNode user = token.putObject("user");
        user.put("id", info.user().id()).put("name", info.user().name());
        user.set("domain", domain(info.user().domain()));
        user.putNull("password_expires_at");
        ArrayNode audit = token.putArray("audit_ids");
        info.auditIds().forEach(audit::add);
        token.put("expires_at", time(info.expiresAt()));
        token.put("issued_at", time(info.issuedAt()));
        info.project().ifPresent(p -> {
            ObjectNode project = token.putObject("project");
            project.put("id", p.id()).put("name", p.name());
            project.set("domain", domain(p.domain()));
            token.put("is_domain", false);
            ArrayNode roles = token.putArray("roles");
            info.roles().forEach(r -> roles.addObject().put("id", StableIds.of("role", r)).put("name", r));
            token.set("catalog", catalog(base));
        });
        return doc;
    }

    /** The catalog, with urls on the host the client used; ids are stable across hosts and restarts. */
    static ArrayNode catalog(String base) {
        ArrayNode catalog = Json.array();
        for (CatalogService service : SERVICES) {
            ObjectNode entry = catalog.addObject();
            entry.put("type", service.type()).put("name", service.name())
                    .put("id", StableIds.of("service", service.type()));
            ArrayNode endpoints = entry.putArray("endpoints");
            for (String iface : INTERFACES) {
                endpoints.addObject()
                        .put("id", StableIds.of("endpoint", service.type() + ":" + iface))
                        .put("interface", iface)
                        // "region" is the legacy key tempest reads; keystoneauth reads region_id
                        .put("region_id", REGION)
                        .put("region", REGION)
                        .put("url", base + service.path());
            }
        }
        return catalog;
    }

    static ObjectNode project(Project p, String base) {
        ObjectNode project = Json.object();
        project.put("id", p.id()).put("name", p.name())
                .put("domain_id", p.domain().id())
                .put("description", "")
                .put("enabled", true)
                .put("is_domain", false)
                .put("parent_id", p.domain().id());
        project.putArray("tags");
        project.putObject("options");
        project.putObject("links").put("self", base + "/identity/v3/projects/" + p.id());
        return project;
    }

    static ObjectNode user(User u, String base) {
        ObjectNode user = Json.object();
        user.put("id", u.id()).put("name", u.name())
                .put("domain_id", u.domain().id())
                .put("enabled", true)
                .putNull("password_expires_at");
        user.putObject("options");
        user.putObject("links").put("self", base + "/identity/v3/users/" + u.id());
        return user;
    }

    /** The {@code links} of a Keystone collection: no paging here. */
    static ObjectNode collectionLinks(String self) {
        ObjectNode links = Json.object();
        links.put("self", self).putNull("previous").putNull("next");
        return links;
    }

    private static ObjectNode domain(Domain d) {
        return Json.object().put("id", d.id()).put("name", d.name());
    }
}
