package io.openvcluster.server.compute;

import io.openvcluster.api.model.FlavorData;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.server.identity.Caller;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flavors (sizes of a vcluster), their extra specs, and images (Kubernetes versions of vcluster, and snapshots of
 * vclusters): Nova's flavors, Nova's image proxy and Glance's images over one catalog of records.
 */
public final class CatalogService {
    private final Catalog catalog;

    CatalogService(Catalog catalog) {
        this.catalog = catalog;
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

}
