package io.openvcluster.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.view.ImageView;
import io.openvcluster.server.compute.CatalogService;
import io.openvcluster.server.identity.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Glance's image create and image data calls: {@code POST /v2/images}, {@code PUT} and {@code GET
 * /v2/images/{id}/file}. The data goes through as a stream both ways: the request body is handed to the domain as
 * Helidon's input stream (spooled to a file there), and a download is copied from the store's stream to the
 * response 64 KiB at a time.
 */
final class ImageDataHandlers {
    static final String OCTET_STREAM = "application/octet-stream";
    private static final int BUFFER = 64 * 1024;
    private static final System.Logger LOG = System.getLogger(ImageDataHandlers.class.getName());
    private static final HeaderName CONTENT_MD5 = HeaderNames.create("Content-MD5");

    private final CatalogService catalog;

    ImageDataHandlers(CatalogService catalog) {
        this.catalog = catalog;
    }

    /** 201 with the image, {@code queued}, and its {@code Location}. */
    void create(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        var image = catalog.createImage(caller, JsonBodies.read(req));
        String imageBase = RequestContext.links(req).imageBase();
        res.header(HeaderNames.LOCATION, imageBase + "/v2/images/" + image.id());
        Responses.json(res, 201, ImageView.glance(image, imageBase));
    }

    /** Glance's upload: {@code application/octet-stream} only (415 otherwise), 204 once the image is active. */
    void upload(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("");
        if (!type.equalsIgnoreCase(OCTET_STREAM)) {
            throw new ApiException(415, "Unsupported Content-Type: " + (type.isEmpty() ? "(none)" : type) + "; use "
                    + OCTET_STREAM + ".");
        }
        try (InputStream body = req.content().inputStream()) {
            catalog.uploadImageData(caller, req.path().pathParameters().get("id"), body,
                    req.headers().contentLength());
        } catch (IOException e) {
            throw ApiException.badRequest("The image data could not be read: the upload was interrupted.");
        }
        Responses.empty(res, 204);
    }

    /** 200 with the archive ({@code Content-MD5}: Glance's checksum, when known), or 204 for an image with no data. */
    void download(ServerRequest req, ServerResponse res) {
        Caller caller = RequestContext.caller(req);
        Optional<CatalogService.ImageDownload> found = catalog.downloadImageData(caller,
                req.path().pathParameters().get("id"));
        if (found.isEmpty()) {
            Responses.empty(res, 204);
            return;
        }
        try (CatalogService.ImageDownload download = found.get()) {
            res.header(HeaderNames.CONTENT_TYPE, OCTET_STREAM);
            download.md5().ifPresent(md5 -> res.header(CONTENT_MD5, md5));
            if (download.size() >= 0) {
                res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(download.size()));
            }
            try (OutputStream out = res.outputStream()) {
                byte[] buffer = new byte[BUFFER];
                int read;
                while ((read = download.content().read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the status and headers are sent: a store or a client that breaks off ends the response short, which
            // the client sees by its length; nothing else can be answered
            LOG.log(System.Logger.Level.WARNING, "download of image " + req.path().pathParameters().get("id")
                    + " broken off (" + RequestContext.requestId(req) + "): " + e.getMessage());
        }
    }
}
