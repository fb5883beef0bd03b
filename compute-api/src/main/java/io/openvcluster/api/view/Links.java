package io.openvcluster.api.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.Json;

/**
 * Where the client reached us, used to write absolute links the way Nova does.
 *
 * @param computeBase {@code http://host:port/compute} (no trailing slash)
 * @param imageBase   {@code http://host:port/image} (no trailing slash)
 */
public record Links(String computeBase, String imageBase) {
    public Links {
        computeBase = stripSlash(computeBase);
        imageBase = stripSlash(imageBase);
    }

    /** Links for a facade whose services live under {@code base} at /compute and /image. */
    public static Links of(String base) {
        String root = stripSlash(base);
        return new Links(root + "/compute", root + "/image");
    }

    /** {@code [{"rel":"self","href":computeBase/v2.1/<collection>/<id>}, {"rel":"bookmark",...}]}. */
    ArrayNode selfAndBookmark(String collection, String id) {
        ArrayNode links = Json.array();
        links.addObject().put("rel", "self").put("href", computeBase + "/v2.1/" + collection + "/" + id);
        links.add(bookmarkLink(collection, id));
        return links;
    }

    /** {@code {"rel":"bookmark","href":computeBase/<collection>/<id>}}: the version-less link. */
    ObjectNode bookmarkLink(String collection, String id) {
        return Json.object().put("rel", "bookmark").put("href", computeBase + "/" + collection + "/" + id);
    }

    /** The compute self href of one resource, e.g. for a {@code Location} header. */
    public String selfHref(String collection, String id) {
        return computeBase + "/v2.1/" + collection + "/" + id;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
