package io.openvcluster.api.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.model.FlavorData;
import java.util.List;
import java.util.Optional;

/** The Nova FLAVOR object, the one place its wire JSON is built. */
public final class FlavorView {
    private FlavorView() {
    }

    /** One item of GET /flavors: id, name, links, and description from 2.55. */
    public static ObjectNode summaryItem(FlavorData f, Microversion mv, Links l) {
        ObjectNode o = Json.object();
        o.put("id", f.id());
        o.put("name", f.name());
        o.set("links", l.selfAndBookmark("flavors", f.id()));
        if (mv.atLeast(55)) {
            o.put("description", f.description().orElse(null));
        }
        return o;
    }

    /**
     * One FLAVOR as in GET /flavors/detail and GET /flavors/{id} (unwrapped). {@code swap} is {@code ""} for
     * no swap before 2.75 and 0 from 2.75; description from 2.55, extra_specs from 2.61.
     * rxtx_factor and OS-FLV-DISABLED:disabled stay, since they only leave at 2.102.
     */
    public static ObjectNode detail(FlavorData f, Microversion mv, Links l) {
        ObjectNode o = Json.object();
        o.put("id", f.id());
        o.put("name", f.name());
        o.put("ram", f.ramMb());
        o.put("disk", f.diskGb());
        if (f.swapMb() == 0 && mv.before(75)) {
            o.put("swap", "");
        } else {
            o.put("swap", f.swapMb());
        }
        o.put("OS-FLV-EXT-DATA:ephemeral", f.ephemeralGb());
        o.put("OS-FLV-DISABLED:disabled", f.disabled());
        o.put("vcpus", f.vcpus());
        o.put("os-flavor-access:is_public", f.isPublic());
        o.put("rxtx_factor", f.rxtxFactor());
        o.set("links", l.selfAndBookmark("flavors", f.id()));
        if (mv.atLeast(55)) {
            o.put("description", f.description().orElse(null));
        }
        if (mv.atLeast(61)) {
            o.set("extra_specs", ServerView.stringMap(f.extraSpecs()));
        }
        return o;
    }

    /** GET /flavors/{id} and POST /flavors: {@code {"flavor": FLAVOR}}. */
    public static ObjectNode show(FlavorData f, Microversion mv, Links l) {
        ObjectNode doc = Json.object();
        doc.set("flavor", detail(f, mv, l));
        return doc;
    }

    /** {@code {"flavors": [...], "flavors_links": [{"rel": "next", "href": ...}]}}; the links only with a next page. */
    public static ObjectNode list(List<ObjectNode> items, Optional<String> nextHref) {
        ObjectNode doc = Json.object();
        doc.putArray("flavors").addAll(items);
        nextHref.ifPresent(href -> doc.putArray("flavors_links").addObject().put("rel", "next").put("href", href));
        return doc;
    }

    /** GET /flavors/{id}/os-extra_specs: {@code {"extra_specs": {...}}}. */
    public static ObjectNode extraSpecs(FlavorData f) {
        ObjectNode doc = Json.object();
        doc.set("extra_specs", ServerView.stringMap(f.extraSpecs()));
        return doc;
    }
}
