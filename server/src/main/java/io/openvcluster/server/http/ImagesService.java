package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.VersionDocuments;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.api.view.ImageView;
import io.openvcluster.server.compute.CatalogService;
import io.openvcluster.server.compute.ImageChange;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.work.ComputeSlots;
import io.openvcluster.server.work.Deadline;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Glance v2, at {@code /image}: discovery, the image list with Glance's filters, sort and paging,
 * one image, its json-patch update and its delete; its create, upload and download ({@link ImageDataHandlers}). Images are vcluster Kubernetes versions and snapshots.
 */
final class ImagesService implements HttpService {
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 1000;

    /** Query keys that are not property filters. */
    private static final Set<String> RESERVED = Set.of("limit", "marker", "sort_key", "sort_dir", "sort", "name",
            "status", "visibility", "owner", "id", "tag", "member_status", "os_hidden", "created_at",
            "updated_at", "size_min", "size_max", "protected", "disk_format", "container_format");

    private static final Map<String, Function<ImageData, Comparable<?>>> SORT_KEYS = Map.ofEntries(
            Map.entry("name", ImageData::name),
            Map.entry("status", ImageData::status),
            Map.entry("id", ImageData::id),
            Map.entry("created_at", ImageData::createdAt),
            Map.entry("updated_at", ImageData::updatedAt),
            Map.entry("size", ImageData::sizeBytes),
            Map.entry("visibility", ImageData::visibility),
            Map.entry("owner", ImageData::owner),
            Map.entry("min_disk", ImageData::minDiskGb),
            Map.entry("min_ram", ImageData::minRamMb),
            Map.entry("disk_format", ImageData::diskFormat),
            Map.entry("container_format", ImageData::containerFormat));

    /** Glance's PATCH media type (json-patch, its v2.1 flavour). */
    static final String JSON_PATCH = "application/openstack-images-v2.1-json-patch";

    private final CatalogService catalog;
    private final ImageDataHandlers data;

    ImagesService(CatalogService catalog) {
        this.catalog = catalog;
        this.data = new ImageDataHandlers(catalog);
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/", this::versions)
                .get("/versions", this::versions)
                .get("/v2/images", this::list)
                .get("/v2/images/{id}", this::show)
                .post("/v2/images", data::create)
                .put("/v2/images/{id}/file", data::upload)
                .get("/v2/images/{id}/file", data::download)
                .get("/v2/schemas/image", (req, res) -> schema(req, res, ImageView.glanceImageSchema()))
                .get("/v2/schemas/images", (req, res) -> schema(req, res, ImageView.glanceImagesSchema()))
                .delete("/v2/images/{id}", this::delete)
                .patch("/v2/images/{id}", this::patch)
                .methodNotAllowedForTheRest();
    }

    /** The schema documents each image and list names in its {@code schema} field; any valid token may read them. */
    private void schema(ServerRequest req, ServerResponse res, ObjectNode document) {
        RequestContext.caller(req);
        Responses.ok(res, document);
    }

    private void versions(ServerRequest req, ServerResponse res) {
        Responses.json(res, 300, VersionDocuments.imageVersions(RequestContext.baseUrl(req)));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        UriQuery query = req.query();
        int limit = QueryParams.nonNegativeInt(query, "limit").map(n -> Math.min(n, MAX_LIMIT)).orElse(DEFAULT_LIMIT);
        Predicate<ImageData> filters = filters(query);
        Comparator<ImageData> order = sort(query);
        List<ImageData> all = catalog.listImages(caller);
        List<ImageData> images = ComputeSlots.run(() -> all.stream()
                .filter(image -> {
                    Deadline.checkpoint();
                    return filters.test(image);
                })
                .sorted(order)
                .toList());
        Optional<String> marker = QueryParams.first(query, "marker");
        if (marker.isPresent()) {
            int at = indexOf(images, marker.get());
            images = images.subList(at + 1, images.size());
        }
        Optional<String> next = Optional.empty();
        if (images.size() > limit) {
            images = images.subList(0, limit);
            next = Optional.of(nextHref(query, images.getLast().id(), limit));
        }
        String imageBase = RequestContext.links(req).imageBase();
        List<ObjectNode> items = images.stream().map(i -> ImageView.glance(i, imageBase)).toList();
        Responses.ok(res, ImageView.glanceList(items, next));
    }

    private void show(ServerRequest req, ServerResponse res) {
        ImageData image = catalog.getImage(RequestContext.caller(req), req.path().pathParameters().get("id"));
        Responses.ok(res, ImageView.glance(image, RequestContext.links(req).imageBase()));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        catalog.deleteImage(RequestContext.caller(req), req.path().pathParameters().get("id"));
        Responses.empty(res, 204);
    }

    /** Glance's PATCH: only its json-patch media type (415 otherwise), operations applied in order. */
    private void patch(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("");
        if (!type.equalsIgnoreCase(JSON_PATCH)) {
            throw new ApiException(415, "Unsupported Content-Type: " + (type.isEmpty() ? "(none)" : type)
                    + "; use " + JSON_PATCH + ".");
        }
        List<ImageChange> changes = changes(JsonBodies.read(req));
        ImageData image = catalog.updateImage(caller, req.path().pathParameters().get("id"), changes);
        Responses.ok(res, ImageView.glance(image, RequestContext.links(req).imageBase()));
    }

    /** {@code [{"op": "replace", "path": "/name", "value": "x"}, ...]}: add, replace and remove of one attribute. */
    static List<ImageChange> changes(JsonNode body) {
        if (!body.isArray()) {
            throw ApiException.badRequest("Request body must be a JSON array of operation objects.");
        }
        List<ImageChange> changes = new ArrayList<>();
        for (JsonNode op : body) {
            String name = op.path("op").asText("");
            String path = op.path("path").asText("");
            if (!name.equals("add") && !name.equals("replace") && !name.equals("remove")) {
                throw ApiException.badRequest("Operation objects must contain exactly one member named \"add\", "
                        + "\"remove\", or \"replace\"; got '" + name + "'.");
            }
            if (!path.startsWith("/") || path.length() < 2 || path.indexOf('/', 1) >= 0) {
                throw ApiException.badRequest("Invalid JSON pointer for this resource: '" + path + "'");
            }
            // JSON pointer escapes (RFC 6901): ~1 is '/', ~0 is '~'
            String attribute = path.substring(1).replace("~1", "/").replace("~0", "~");
            if (name.equals("remove")) {
                changes.add(new ImageChange(attribute, Optional.empty()));
            } else if (!op.has("value")) {
                throw ApiException.badRequest("Operation \"" + name + "\" requires a member named \"value\".");
            } else {
                changes.add(new ImageChange(attribute, Optional.of(op.get("value"))));
            }
        }
        return changes;
    }

    /** Every filter of the query, and'ed; any key Glance does not reserve filters on a custom property. */
    private static Predicate<ImageData> filters(UriQuery query) {
        List<Predicate<ImageData>> filters = new ArrayList<>();
        QueryParams.first(query, "name").ifPresent(v -> filters.add(i -> v.equals(i.name())));
        QueryParams.first(query, "status").ifPresent(v -> filters.add(i -> i.status().equalsIgnoreCase(v)));
        QueryParams.first(query, "visibility")
                .filter(v -> !v.equalsIgnoreCase("all"))
                .ifPresent(v -> filters.add(i -> i.visibility().equalsIgnoreCase(v)));
        QueryParams.first(query, "owner").ifPresent(v -> filters.add(i -> i.owner().equals(v)));
        QueryParams.first(query, "id").ifPresent(v -> {
            Set<String> ids = Set.copyOf(Arrays.asList((v.startsWith("in:") ? v.substring(3) : v).split(",")));
            filters.add(i -> ids.contains(i.id()));
        });
        QueryParams.all(query, "tag").forEach(t -> filters.add(i -> i.tags().contains(t)));
        QueryParams.first(query, "disk_format").ifPresent(v -> filters.add(i -> v.equals(i.diskFormat())));
        QueryParams.first(query, "container_format").ifPresent(v -> filters.add(i -> v.equals(i.containerFormat())));
        QueryParams.bool(query, "protected").ifPresent(v -> filters.add(i -> i.isProtected() == v));
        sizeBound(query, "size_min").ifPresent(v -> filters.add(i -> i.sizeBytes() >= v));
        sizeBound(query, "size_max").ifPresent(v -> filters.add(i -> i.sizeBytes() <= v));
        for (String key : query.names()) {
            if (!RESERVED.contains(key)) {
                String value = query.get(key);
                filters.add(i -> value.equals(i.properties().get(key)));
            }
        }
        return filters.stream().reduce(i -> true, Predicate::and);
    }

    private static Optional<Long> sizeBound(UriQuery query, String name) {
        return QueryParams.first(query, name).map(v -> {
            try {
                return Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Invalid value for " + name + ": " + v + " is not an integer.");
            }
        });
    }

    /** {@code sort=key:dir,key2:dir2} or {@code sort_key}/{@code sort_dir}; default newest first, as Glance. */
    private static Comparator<ImageData> sort(UriQuery query) {
        List<String[]> keys = new ArrayList<>();
        Optional<String> sort = QueryParams.first(query, "sort");
        if (sort.isPresent()) {
            for (String part : sort.get().split(",")) {
                String[] kv = part.strip().split(":", 2);
                keys.add(new String[] {kv[0], kv.length > 1 ? kv[1] : "desc"});
            }
        } else {
            List<String> sortKeys = QueryParams.all(query, "sort_key");
            List<String> dirs = QueryParams.all(query, "sort_dir");
            for (int k = 0; k < sortKeys.size(); k++) {
                keys.add(new String[] {sortKeys.get(k), k < dirs.size() ? dirs.get(k) : dirs.isEmpty() ? "desc"
                        : dirs.getLast()});
            }
        }
        if (keys.isEmpty()) {
            keys.add(new String[] {"created_at", "desc"});
        }
        Comparator<ImageData> comparator = null;
        for (String[] kv : keys) {
            Comparator<ImageData> next = by(kv[0].strip(), kv[1].strip().toLowerCase(Locale.ROOT));
            comparator = comparator == null ? next : comparator.thenComparing(next);
        }
        return comparator.thenComparing(ImageData::id);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<ImageData> by(String key, String dir) {
        Function<ImageData, Comparable<?>> field = SORT_KEYS.get(key);
        if (field == null) {
            throw ApiException.badRequest("Invalid sort key: " + key + ".");
        }
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw ApiException.badRequest("Invalid sort direction: " + dir + ".");
        }
        // an image created without formats has none (null, as Glance shows it): first in ascending order
        Comparator<ImageData> comparator = Comparator.comparing(i -> (Comparable) field.apply(i),
                Comparator.nullsFirst(Comparator.naturalOrder()));
        return dir.equals("asc") ? comparator : comparator.reversed();
    }

    private static int indexOf(List<ImageData> images, String marker) {
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).id().equals(marker)) {
                return i;
            }
        }
        throw ApiException.badRequest("marker " + marker + " could not be found.");
    }

    /** Glance's relative next link: the same query with the new marker. */
    private static String nextHref(UriQuery query, String marker, int limit) {
        StringBuilder href = new StringBuilder("/v2/images?");
        for (String name : query.names().stream().sorted().toList()) {
            if (!name.equals("marker") && !name.equals("limit")) {
                for (String value : query.all(name)) {
                    href.append(encode(name)).append('=').append(encode(value)).append('&');
                }
            }
        }
        return href.append("marker=").append(encode(marker)).append("&limit=").append(limit).toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
