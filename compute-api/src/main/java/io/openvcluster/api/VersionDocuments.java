package io.openvcluster.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The unauthenticated version discovery documents of the three services (Nova, Keystone, Glance).
 * Every {@code base} is {@code scheme://host:port} as the client reached us, without a trailing slash;
 * clients follow the absolute {@code self} links, so they must name that same host.
 */
public final class VersionDocuments {
    /** Keystone's v3 API revision that keystoneauth expects to find (any v3.x works). */
    static final String IDENTITY_VERSION = "v3.14";
    /** The newest Glance v2 minor we announce; all v2 minors share the same URL. */
    static final int IMAGE_CURRENT_MINOR = 16;

    private VersionDocuments() {
    }

    /** GET /compute/: {@code {"versions": [v2.0 SUPPORTED, v2.1 CURRENT]}}. */
    public static ObjectNode computeVersions(String base) {
        String root = trim(base);
        ObjectNode doc = Json.object();
        ArrayNode versions = doc.putArray("versions");
        versions.add(computeVersion(root, false, false));
        versions.add(computeVersion(root, true, false));
        return doc;
    }

    /** GET /compute/v2.1: {@code {"version": {...version 2.96, min_version 2.1...}}}. */
    public static ObjectNode computeV21(String base) {
        ObjectNode doc = Json.object();
        doc.set("version", computeVersion(trim(base), true, true));
        return doc;
    }

    /** GET /compute/v2/: the legacy v2.0 document, listed so that tempest can follow every version. */
    public static ObjectNode computeV20(String base) {
        ObjectNode doc = Json.object();
        doc.set("version", computeVersion(trim(base), false, true));
        return doc;
    }

    /** GET /identity (answered with 300): {@code {"versions": {"values": [V3DOC]}}}. */
    public static ObjectNode identityVersions(String base) {
        ObjectNode doc = Json.object();
        doc.putObject("versions").putArray("values").add(identityV3Doc(trim(base)));
        return doc;
    }

    /** GET /identity/v3: {@code {"version": V3DOC}}. */
    public static ObjectNode identityV3(String base) {
        ObjectNode doc = Json.object();
        doc.set("version", identityV3Doc(trim(base)));
        return doc;
    }

    /** GET /image (answered with 300 or 200): v2.16 CURRENT and the older v2 minors SUPPORTED, all at /image/v2/. */
    public static ObjectNode imageVersions(String base) {
        String self = trim(base) + "/image/v2/";
        ObjectNode doc = Json.object();
        ArrayNode versions = doc.putArray("versions");
        for (int minor = IMAGE_CURRENT_MINOR; minor >= 0; minor--) {
            ObjectNode v = versions.addObject();
            v.put("id", "v2." + minor);
            v.put("status", minor == IMAGE_CURRENT_MINOR ? "CURRENT" : "SUPPORTED");
            v.putArray("links").addObject().put("rel", "self").put("href", self);
        }
        return doc;
    }

    private static ObjectNode computeVersion(String root, boolean v21, boolean withDetails) {
        ObjectNode v = Json.object();
        if (v21) {
            v.put("id", "v2.1");
            v.put("status", "CURRENT");
            v.put("version", MicroversionRange.MAX.toString());
            v.put("min_version", MicroversionRange.MIN.toString());
            v.put("updated", "2013-07-23T11:33:21Z");
        } else {
            v.put("id", "v2.0");
            v.put("status", "SUPPORTED");
            v.put("version", "");
            v.put("min_version", "");
            v.put("updated", "2011-01-21T11:33:21Z");
        }
        ArrayNode links = v.putArray("links");
        links.addObject().put("rel", "self").put("href", root + "/compute/" + (v21 ? "v2.1/" : "v2/"));
        if (withDetails) {
            links.addObject().put("rel", "describedby").put("type", "text/html").put("href", "http://docs.openstack.org/");
            v.putArray("media-types").addObject()
                    .put("base", "application/json")
                    .put("type", "application/vnd.openstack.compute+json;version=" + (v21 ? "2.1" : "2"));
        }
        return v;
    }

    private static ObjectNode identityV3Doc(String root) {
        ObjectNode v = Json.object();
        v.put("id", IDENTITY_VERSION);
        v.put("status", "stable");
        v.put("updated", "2020-04-07T00:00:00Z");
        v.putArray("links").addObject().put("rel", "self").put("href", root + "/identity/v3/");
        v.putArray("media-types").addObject()
                .put("base", "application/json")
                .put("type", "application/vnd.openstack.identity-v3+json");
        return v;
    }

    private static String trim(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
