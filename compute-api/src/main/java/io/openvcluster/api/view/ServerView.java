package io.openvcluster.api.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.ServerStates;
import io.openvcluster.api.model.FaultData;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.api.model.ServerData;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Nova SERVER object, the one place its wire JSON is built. Which fields appear depends on the
 * microversion and on the call: GET /servers/{id} shows server_groups (2.71), the list does not; PUT and rebuild
 * answer a reduced view before 2.75.
 */
public final class ServerView {

    /** Which call the view answers: decides the field set beyond the microversion rules. */
    private enum Shape {
        SHOW, DETAIL, REDUCED
    }

    /**
     * Who reads the view: admins also see where a server runs ({@code OS-EXT-SRV-ATTR}, Nova's
     * {@code os-extended-server-attributes} policy).
     */
    public enum Audience {
        MEMBER, ADMIN
    }

    private ServerView() {
    }

    /** GET /servers/{id}: {@code {"server": SERVER}}, with server_groups from 2.71. */
    public static ObjectNode show(ServerData s, Microversion mv, Links l) {
        return show(s, mv, l, Audience.MEMBER);
    }

    public static ObjectNode show(ServerData s, Microversion mv, Links l, Audience audience) {
        return wrap(server(s, mv, l, Shape.SHOW, audience));
    }

    /** One item of GET /servers/detail (no wrapper, no server_groups). */
    public static ObjectNode detailItem(ServerData s, Microversion mv, Links l) {
        return detailItem(s, mv, l, Audience.MEMBER);
    }

    public static ObjectNode detailItem(ServerData s, Microversion mv, Links l, Audience audience) {
        return server(s, mv, l, Shape.DETAIL, audience);
    }

    /** One item of GET /servers: id, name, links. */
    public static ObjectNode summaryItem(ServerData s, Links l) {
        ObjectNode item = Json.object();
        item.put("id", s.id());
        item.put("name", s.name());
        item.set("links", l.selfAndBookmark("servers", s.id()));
        return item;
    }

    /** {@code {"servers": [...], "servers_links": [{"rel": "next", "href": ...}]}}; the links only with a next page. */
    public static ObjectNode list(List<ObjectNode> items, Optional<String> nextHref) {
        ObjectNode doc = Json.object();
        doc.putArray("servers").addAll(items);
        nextHref.ifPresent(href -> doc.putArray("servers_links").addObject().put("rel", "next").put("href", href));
        return doc;
    }

    /** PUT /servers/{id}: {@code {"server": ...}}, the reduced view before 2.75, the full show view from 2.75. */
    public static ObjectNode updateResult(ServerData s, Microversion mv, Links l) {
        return wrap(server(s, mv, l, mv.atLeast(75) ? Shape.SHOW : Shape.REDUCED, Audience.MEMBER));
    }

    /**
     * The rebuild action's body: the update view, with {@code key_name} from 2.54 and {@code user_data} from 2.57 (null
     * when none was given). No {@code adminPass}: Nova leaves it out with {@code enable_instance_password} off, and a
     * vcluster has no administrator password to set.
     */
    public static ObjectNode rebuildResult(ServerData s, Optional<String> userData, Microversion mv, Links l) {
        ObjectNode doc = updateResult(s, mv, l);
        ObjectNode server = (ObjectNode) doc.get("server");
        if (mv.atLeast(54)) {
            server.put("key_name", s.keyName().orElse(null));
        }
        if (mv.atLeast(57)) {
            server.put("user_data", userData.orElse(null));
        }
        return doc;
    }

    /**
     * POST /servers: the keys tempest allows (id, links, OS-DCF:diskConfig, security_groups) without {@code adminPass},
     * as Nova answers with {@code enable_instance_password} off: a vcluster has no administrator password to set.
     */
    public static ObjectNode created(ServerData s, Links l) {
        ObjectNode server = Json.object();
        server.put("id", s.id());
        server.set("links", l.selfAndBookmark("servers", s.id()));
        server.put("OS-DCF:diskConfig", s.diskConfig().name());
        if (!s.securityGroups().isEmpty()) {
            server.set("security_groups", securityGroups(s.securityGroups()));
        }
        return wrap(server);
    }

    /** POST /servers with {@code return_reservation_id}: {@code {"reservation_id": "r-..."}}. */
    public static ObjectNode reservation(String reservationId) {
        return Json.object().put("reservation_id", reservationId);
    }

    private static ObjectNode wrap(ObjectNode server) {
        ObjectNode doc = Json.object();
        doc.set("server", server);
        return doc;
    }

    private static ObjectNode server(ServerData s, Microversion mv, Links l, Shape shape, Audience audience) {
        boolean full = shape != Shape.REDUCED;
        String status = ServerStates.status(s.vmState(), s.taskState());
        ObjectNode o = Json.object();
        o.put("id", s.id());
        o.put("name", s.name());
        o.put("status", status);
        o.put("tenant_id", s.projectId());
        o.put("user_id", s.userId());
        o.set("metadata", stringMap(s.metadata()));
        o.put("hostId", s.hostId());
        o.set("image", image(s.imageId(), l));
        o.set("flavor", flavor(s.flavor(), mv, l));
        o.put("created", Timestamps.seconds(s.created()));
        o.put("updated", Timestamps.seconds(s.updated()));
        o.set("addresses", addresses(s.addresses(), full));
        o.put("accessIPv4", s.accessIPv4());
        o.put("accessIPv6", s.accessIPv6());
        o.set("links", l.selfAndBookmark("servers", s.id()));
        o.put("OS-DCF:diskConfig", s.diskConfig().name());
        if (ServerStates.showsProgress(status)) {
            o.put("progress", s.progress());
        }
        if (full) {
            o.put("OS-EXT-AZ:availability_zone", s.availabilityZone());
            o.put("config_drive", "");
            o.put("key_name", s.keyName().orElse(null));
            o.put("OS-SRV-USG:launched_at", s.launchedAt().map(Timestamps::micros).orElse(null));
            o.putNull("OS-SRV-USG:terminated_at");
        }
        if (ServerStates.showsFault(status)) {
            s.fault().ifPresent(f -> o.set("fault", fault(f)));
        }
        if (full) {
            o.put("OS-EXT-STS:task_state", s.taskState().orElse(null));
            o.put("OS-EXT-STS:vm_state", s.vmState());
            o.put("OS-EXT-STS:power_state", s.powerState());
            o.set("os-extended-volumes:volumes_attached", Json.array());
            // as Nova: the key is left out when the server is in no group
            if (!s.securityGroups().isEmpty()) {
                o.set("security_groups", securityGroups(s.securityGroups()));
            }
        }
        if (mv.atLeast(9)) {
            o.put("locked", s.locked());
        }
        if (mv.atLeast(73)) {
            o.put("locked_reason", s.lockedReason().orElse(null));
        }
        if (mv.atLeast(19)) {
            o.put("description", s.description().orElse(null));
        }
        if (mv.atLeast(26)) {
            ArrayNode tags = o.putArray("tags");
            s.tags().forEach(tags::add);
        }
        if (mv.atLeast(63)) {
            // A vcluster boots no disk image, so there are no certificates to trust.
            o.putNull("trusted_image_certificates");
        }
        if (full && mv.atLeast(90)) {
            o.put("OS-EXT-SRV-ATTR:hostname", s.hostname());
        }
        if (full && audience == Audience.ADMIN) {
            extendedAttributes(o, s, mv);
        }
        if (shape != Shape.DETAIL && mv.atLeast(71)) {
            // the group it was made in (its policy places it across host clusters), as Nova shows it
            ArrayNode serverGroups = o.putArray("server_groups");
            s.serverGroup().ifPresent(serverGroups::add);
        }
        if (full && mv.atLeast(96)) {
            o.putNull("pinned_availability_zone");
        }
        return o;
    }

    /**
     * Nova's extended server attributes, for admins: the host cluster as host and hypervisor, the vcluster's host
     * namespace as the instance's name; from 2.3 the rest, which a vcluster has no value for (no kernel, ramdisk, root
     * device or user data; one server per create, so launch index 0) but its hostname.
     */
    private static void extendedAttributes(ObjectNode o, ServerData s, Microversion mv) {
        o.put("OS-EXT-SRV-ATTR:host", s.host().orElse(null));
        o.put("OS-EXT-SRV-ATTR:hypervisor_hostname", s.host().orElse(null));
        o.put("OS-EXT-SRV-ATTR:instance_name", s.instanceName());
        if (mv.atLeast(3)) {
            o.putNull("OS-EXT-SRV-ATTR:reservation_id");
            o.put("OS-EXT-SRV-ATTR:launch_index", 0);
            o.put("OS-EXT-SRV-ATTR:hostname", s.hostname());
            o.putNull("OS-EXT-SRV-ATTR:kernel_id");
            o.putNull("OS-EXT-SRV-ATTR:ramdisk_id");
            o.putNull("OS-EXT-SRV-ATTR:root_device_name");
            o.putNull("OS-EXT-SRV-ATTR:user_data");
        }
    }

    /** {@code {"id", "links": [bookmark]}}, or {@code ""} for a server booted without an image. */
    private static JsonNode image(String imageId, Links l) {
        if (imageId.isEmpty()) {
            return Json.MAPPER.getNodeFactory().textNode("");
        }
        ObjectNode image = Json.object();
        image.put("id", imageId);
        image.putArray("links").add(l.bookmarkLink("images", imageId));
        return image;
    }

    /** Before 2.47 a reference to the flavor; from 2.47 a copy of its sizes, without an id. */
    private static ObjectNode flavor(FlavorData f, Microversion mv, Links l) {
        ObjectNode flavor = Json.object();
        if (mv.before(47)) {
            flavor.put("id", f.id());
            flavor.putArray("links").add(l.bookmarkLink("flavors", f.id()));
            return flavor;
        }
        flavor.put("vcpus", f.vcpus());
        flavor.put("ram", f.ramMb());
        flavor.put("disk", f.diskGb());
        flavor.put("ephemeral", f.ephemeralGb());
        flavor.put("swap", f.swapMb());
        flavor.put("original_name", f.name());
        flavor.set("extra_specs", stringMap(f.extraSpecs()));
        return flavor;
    }

    /** The full view carries the port type and MAC; the reduced PUT/rebuild view only addr and version. */
    private static ObjectNode addresses(Map<String, List<ServerData.AddressData>> byNetwork, boolean full) {
        ObjectNode addresses = Json.object();
        byNetwork.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ArrayNode list = addresses.putArray(e.getKey());
            for (ServerData.AddressData a : e.getValue()) {
                ObjectNode entry = list.addObject();
                if (full) {
                    entry.put("OS-EXT-IPS-MAC:mac_addr", a.macAddr());
                }
                entry.put("version", a.version());
                entry.put("addr", a.addr());
                if (full) {
                    entry.put("OS-EXT-IPS:type", a.type());
                }
            }
        });
        return addresses;
    }

    private static ObjectNode fault(FaultData f) {
        ObjectNode fault = Json.object();
        fault.put("code", f.code());
        fault.put("created", Timestamps.seconds(f.created()));
        fault.put("message", f.message());
        // Nova hides details of 500 faults from non-admins (they may hold a traceback); ours never do,
        // but keep the rule so clients see the same shape.
        if (f.code() != 500 && f.details() != null && !f.details().isEmpty()) {
            fault.put("details", f.details());
        }
        return fault;
    }

    private static ArrayNode securityGroups(List<String> names) {
        ArrayNode groups = Json.array();
        names.forEach(name -> groups.addObject().put("name", name));
        return groups;
    }

    static ObjectNode stringMap(Map<String, String> map) {
        ObjectNode node = Json.object();
        map.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> node.put(e.getKey(), e.getValue()));
        return node;
    }
}
