package io.openvcluster.server.compute;

import com.fasterxml.jackson.databind.JsonNode;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.server.identity.Caller;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Flavors (sizes of a vcluster), their extra specs, and images (Kubernetes versions of vcluster, and snapshots of
 * vclusters): Nova's flavors, Nova's image proxy and Glance's images over one catalog of records.
 */
public final class CatalogService {
    private final Catalog catalog;
    private final ImageCreation creation;
    private final ImageUploads uploads;

    CatalogService(Catalog catalog, ImageCreation creation, ImageUploads uploads) {
        this.catalog = catalog;
        this.creation = creation;
        this.uploads = uploads;
    }

    /** A page of flavors, filtered and sorted as Nova does ({@link FlavorLists}). */
    public FlavorPage listFlavors(Caller caller, FlavorQuery query) {
        return FlavorLists.page(listFlavors(caller, query.isPublic()), query);
    }

    public List<FlavorData> listFlavors(Caller caller, Optional<Boolean> isPublic) {
        return catalog.listFlavors(caller, isPublic);
    }

    public FlavorData getFlavor(Caller caller, String flavorId) {
        return catalog.getFlavor(caller, flavorId);
    }

    public FlavorData createFlavor(Caller caller, FlavorData flavor) {
        return catalog.createFlavor(caller, flavor);
    }

    public void deleteFlavor(Caller caller, String flavorId) {
        catalog.deleteFlavor(caller, flavorId);
    }

    public Map<String, String> getFlavorExtraSpecs(Caller caller, String flavorId) {
        return catalog.getFlavor(caller, flavorId).extraSpecs();
    }

    public Map<String, String> setFlavorExtraSpecs(Caller caller, String flavorId, Map<String, String> specs) {
        return catalog.setExtraSpecs(caller, flavorId, specs);
    }

    public void deleteFlavorExtraSpec(Caller caller, String flavorId, String key) {
        catalog.deleteExtraSpec(caller, flavorId, key);
    }

    public FlavorData updateFlavorDescription(Caller caller, String flavorId, Optional<String> description) {
        return catalog.updateFlavorDescription(caller, flavorId, description);
    }

    /** The projects a private flavor is shared with (os-flavor-access), in the order they were added. */
    public List<String> flavorAccess(Caller caller, String flavorId) {
        return catalog.flavorAccess(caller, flavorId);
    }

    public List<String> addFlavorAccess(Caller caller, String flavorId, String projectId) {
        return catalog.addFlavorAccess(caller, flavorId, projectId);
    }

    public List<String> removeFlavorAccess(Caller caller, String flavorId, String projectId) {
        return catalog.removeFlavorAccess(caller, flavorId, projectId);
    }

    public List<ImageData> listImages(Caller caller) {
        return catalog.listImages(caller);
    }

    public ImageData getImage(Caller caller, String imageId) {
        return catalog.getImage(caller, imageId);
    }

    public ImageData updateImage(Caller caller, String imageId, List<ImageChange> changes) {
        return catalog.updateImage(caller, imageId, changes);
    }

    public void deleteImage(Caller caller, String imageId) {
        catalog.deleteImage(caller, imageId);
    }

    /** Glance's {@code POST /v2/images}: a queued image of the caller's project ({@link ImageCreation}). */
    public ImageData createImage(Caller caller, JsonNode body) {
        return creation.create(caller, body);
    }

    /** Glance's {@code PUT /v2/images/{id}/file}: the body, a vcluster snapshot archive, streamed to the store. */
    public void uploadImageData(Caller caller, String imageId, InputStream body, OptionalLong declaredLength) {
        uploads.upload(caller, imageId, body, declaredLength);
    }

    /**
     * Glance's {@code GET /v2/images/{id}/file}: the archive, streamed from the store, or empty for an image with no
     * data (Glance's 204). The caller closes the download.
     */
    public Optional<ImageDownload> downloadImageData(Caller caller, String imageId) {
        return switch (uploads.download(caller, imageId)) {
            case ImageUploads.NoData none -> Optional.empty();
            case ImageUploads.Archive archive -> Optional.of(new ImageDownload(archive.download().content(),
                    archive.download().size(), archive.md5()));
        };
    }

    /** How long one upload or download may take ({@link ImageTransferLimits#deadline()}). */
    public java.time.Duration imageTransferDeadline() {
        return uploads.deadline();
    }

    /** Undoes uploads a stopped facade left {@code saving} (at start, once the records are listed). */
    public void recoverInterruptedUploads() {
        uploads.recoverInterruptedUploads();
    }

    /**
     * An image's data being read.
     *
     * @param size its length in bytes, or -1 when the store did not say
     * @param md5  Glance's checksum (Content-MD5) when known
     */
    public record ImageDownload(InputStream content, long size, Optional<String> md5) implements AutoCloseable {
        @Override
        public void close() {
            try {
                content.close();
            } catch (java.io.IOException e) {
                // the download is over either way
            }
        }
    }

}
