package io.openvcluster.server.compute;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.FlavorData;
import io.openvcluster.api.model.ImageData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.FlavorRecord;
import io.openvcluster.server.kube.crd.ImageRecord;
import io.openvcluster.server.kube.records.CatalogRecords;
import io.openvcluster.server.kube.records.ImageDeletions;
import io.openvcluster.server.kube.records.RecordStore;
import io.openvcluster.translator.FlavorSpec;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Flavors (Nova) and images (Glance) from their records, with Nova's visibility and admin-only rules. */
final class Catalog {
    private final KubernetesClient client;
    private final RecordStore store;
    private final RecordWriter writer;
    private final Clock clock;
    private final ImageDeletions deletions;

    Catalog(KubernetesClient client, RecordStore store, RecordWriter writer, Clock clock, ImageDeletions deletions) {
        this.client = client;
        this.store = store;
        this.writer = writer;
        this.clock = clock;
        this.deletions = deletions;
    }

    // ---- flavors

    /**
     * As Nova: non-admins see the public flavors and the private ones shared with their project, whatever they ask.
     * Admins see the public ones ({@code is_public} absent or true), the private ones ({@code false}) or all
     * ({@code is_public=none}: {@code isPublic} empty).
     */
    List<FlavorData> listFlavors(Caller caller, Optional<Boolean> isPublic) {
        return store.flavors().stream()
                .filter(f -> usable(caller, f))
                .filter(f -> !caller.isAdmin() || isPublic.map(p -> p == f.getSpec().isIsPublic()).orElse(true))
                .filter(f -> caller.isAdmin() || !f.getSpec().isDisabled())
                .map(CatalogRecords::flavorData)
                .sorted(Comparator.comparingInt(FlavorData::ramMb).thenComparing(FlavorData::id))
                .toList();
    }

    FlavorData getFlavor(Caller caller, String flavorId) {
        return CatalogRecords.flavorData(visibleFlavor(caller, flavorId));
    }

    /** The flavor of a new server: an unknown, hidden or disabled flavor is a bad request (400), as in Nova. */
    FlavorRecord flavorForServer(Caller caller, String flavorRef) {
        return store.flavor(flavorRef).filter(f -> usable(caller, f)).filter(f -> !f.getSpec().isDisabled())
                .orElseThrow(() -> ApiException.badRequest("Flavor " + flavorRef + " could not be found."));
    }

    FlavorData createFlavor(Caller caller, FlavorData flavor) {
        requireAdmin(caller, "os_compute_api:os-flavor-manage:create");
        String id = flavor.id() == null || flavor.id().isBlank() || flavor.id().equals("auto")
                ? UUID.randomUUID().toString() : flavor.id();
        if (store.flavor(id).isPresent()) {
            throw ApiException.conflict("Flavor with ID " + id + " already exists.");
        }
        if (store.flavors().stream().anyMatch(f -> f.getSpec().getName().equals(flavor.name()))) {
            throw ApiException.conflict("Flavor with name " + flavor.name() + " already exists.");
        }
        checkExtraSpecs(flavor.extraSpecs());
        FlavorData withId = new FlavorData(id, flavor.name(), flavor.vcpus(), flavor.ramMb(), flavor.diskGb(),
                flavor.ephemeralGb(), flavor.swapMb(), flavor.rxtxFactor(), flavor.isPublic(), flavor.disabled(),
                flavor.description(), flavor.extraSpecs());
        try {
            FlavorRecord created = client.resources(FlavorRecord.class).inNamespace(store.namespace())
                    .resource(CatalogRecords.flavorRecord(withId, store.namespace())).create();
            return CatalogRecords.flavorData(store.created(created));
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                throw ApiException.conflict("Flavor with ID " + id + " already exists.");
            }
            throw RecordWriter.unavailable(e);
        }
    }

    void deleteFlavor(Caller caller, String flavorId) {
        requireAdmin(caller, "os_compute_api:os-flavor-manage:delete");
        FlavorRecord record = store.flavor(flavorId).orElseThrow(() -> flavorNotFound(flavorId));
        try {
            client.resources(FlavorRecord.class).inNamespace(store.namespace())
                    .withName(record.getMetadata().getName()).delete();
        } catch (KubernetesClientException e) {
            throw RecordWriter.unavailable(e);
        }
        store.deleted(record);
    }

    /** Nova answers a create of extra specs with the specs sent. */
    Map<String, String> setExtraSpecs(Caller caller, String flavorId, Map<String, String> specs) {
        requireAdmin(caller, "os_compute_api:os-flavor-extra-specs:create");
        checkExtraSpecs(specs);
        writer.update(FlavorRecord.class, () -> store.flavor(flavorId), f -> {
            Map<String, String> merged = new LinkedHashMap<>(f.getSpec().getExtraSpecs() == null
                    ? Map.of() : f.getSpec().getExtraSpecs());
            merged.putAll(specs);
            f.getSpec().setExtraSpecs(merged);
        }, false, () -> flavorNotFound(flavorId));
        return Map.copyOf(specs);
    }

    void deleteExtraSpec(Caller caller, String flavorId, String key) {
        requireAdmin(caller, "os_compute_api:os-flavor-extra-specs:delete");
        writer.update(FlavorRecord.class, () -> store.flavor(flavorId), f -> {
            if (f.getSpec().getExtraSpecs() == null || f.getSpec().getExtraSpecs().remove(key) == null) {
                throw ApiException.notFound("Flavor " + flavorId + " has no extra specs with key " + key + ".");
            }
        }, false, () -> flavorNotFound(flavorId));
    }

    /** {@code PUT /flavors/{id}} (2.55): the one thing Nova lets change on a flavor is its description. */
    FlavorData updateFlavorDescription(Caller caller, String flavorId, Optional<String> description) {
        requireAdmin(caller, "os_compute_api:os-flavor-manage:update");
        return CatalogRecords.flavorData(writer.update(FlavorRecord.class, () -> store.flavor(flavorId),
                f -> f.getSpec().setDescription(description.orElse(null)), false, () -> flavorNotFound(flavorId)));
    }

    /** The projects a private flavor is shared with (os-flavor-access); a public flavor has no list (404). */
    List<String> flavorAccess(Caller caller, String flavorId) {
        requireAdmin(caller, "os_compute_api:os-flavor-access");
        FlavorRecord flavor = store.flavor(flavorId).orElseThrow(() -> flavorNotFound(flavorId));
        if (flavor.getSpec().isIsPublic()) {
            throw ApiException.notFound("Access list not available for public flavors.");
        }
        return accessProjects(flavor);
    }

    /** {@code addTenantAccess}: 409 for a public flavor or a project that has access already, as Nova. */
    List<String> addFlavorAccess(Caller caller, String flavorId, String projectId) {
        requireAdmin(caller, "os_compute_api:os-flavor-access:add_tenant_access");
        return accessProjects(writer.update(FlavorRecord.class, () -> store.flavor(flavorId), f -> {
            if (f.getSpec().isIsPublic()) {
                throw ApiException.conflict("Can not add access to a public flavor.");
            }
            List<String> projects = new ArrayList<>(accessProjects(f));
            if (projects.contains(projectId)) {
                throw ApiException.conflict("Flavor access already exists for flavor " + flavorId + " and project "
                        + projectId + " combination.");
            }
            projects.add(projectId);
            f.getSpec().setAccessProjects(projects);
        }, false, () -> flavorNotFound(flavorId)));
    }

    /** {@code removeTenantAccess}: 404 for a project without access, as Nova. */
    List<String> removeFlavorAccess(Caller caller, String flavorId, String projectId) {
        requireAdmin(caller, "os_compute_api:os-flavor-access:remove_tenant_access");
        return accessProjects(writer.update(FlavorRecord.class, () -> store.flavor(flavorId), f -> {
            List<String> projects = new ArrayList<>(accessProjects(f));
            if (!projects.remove(projectId)) {
                throw ApiException.notFound("Flavor access not found for " + flavorId + " / " + projectId
                        + " combination.");
            }
            f.getSpec().setAccessProjects(projects);
        }, false, () -> flavorNotFound(flavorId)));
    }

    private static List<String> accessProjects(FlavorRecord flavor) {
        return flavor.getSpec().getAccessProjects() == null ? List.of() : List.copyOf(flavor.getSpec().getAccessProjects());
    }

    private FlavorRecord visibleFlavor(Caller caller, String flavorId) {
        return store.flavor(flavorId).filter(f -> usable(caller, f)).orElseThrow(() -> flavorNotFound(flavorId));
    }

    /** Public flavors are everyone's; a private one is the admins' and the projects it is shared with. */
    private static boolean usable(Caller caller, FlavorRecord flavor) {
        return flavor.getSpec().isIsPublic() || caller.isAdmin()
                || (flavor.getSpec().getAccessProjects() != null
                && flavor.getSpec().getAccessProjects().contains(caller.projectId()));
    }

    private static void checkExtraSpecs(Map<String, String> specs) {
        List<String> problems = FlavorSpec.validate(specs);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", problems));
        }
    }

    private static ApiException flavorNotFound(String flavorId) {
        return ApiException.notFound("Flavor " + flavorId + " could not be found.");
    }

    // ---- images

    /** Glance's default visibility: public and community images, the project's own, and shared... for admins, all. */
    List<ImageData> listImages(Caller caller) {
        return store.images().stream().filter(i -> visible(caller, i)).filter(i -> !pendingDelete(i))
                .map(CatalogRecords::imageData)
                .sorted(Comparator.comparing(ImageData::createdAt).reversed().thenComparing(ImageData::id))
                .toList();
    }

    ImageData getImage(Caller caller, String imageId) {
        return CatalogRecords.imageData(visibleImage(caller, imageId));
    }

    /** The image of a new server: it must exist, be visible and be active (400 otherwise, as Nova says). */
    ImageRecord imageForServer(Caller caller, String imageRef) {
        ImageRecord image = store.image(imageRef).filter(i -> visible(caller, i)).filter(i -> !pendingDelete(i))
                .orElseThrow(() -> ApiException.badRequest("Image " + imageRef + " could not be found."));
        if (!"active".equals(image.getSpec().getStatus())) {
            throw ApiException.badRequest("Image " + imageRef + " is not active.");
        }
        return image;
    }

    ImageData updateImage(Caller caller, String imageId, List<ImageChange> changes) {
        ImageRecord visible = visibleImage(caller, imageId);
        if (pendingDelete(visible)) {
            throw imageNotFound(imageId);
        }
        requireImageOwner(caller, visible, "modify");
        String now = clock.instant().toString();
        ImageRecord written = writer.update(ImageRecord.class, () -> Optional.of(visible), image -> {
            for (ImageChange change : changes) {
                ImagePatches.apply(caller, image.getSpec(), change);
            }
            image.getSpec().setUpdatedAt(now);
        }, false, () -> imageNotFound(imageId));
        return CatalogRecords.imageData(written);
    }

    /**
     * Glance's delete, with this facade's guards: not an image a server is being rebuilt or unshelved from; a
     * snapshot still being saved is deleted and its snapshot cancelled by the reconciler. When {@code archiveLeftToFacade} says the facade
     * must delete the archive itself (no vcluster is left to), the record is kept as {@code pending_delete} until
     * {@code ArchiveDeletions} has deleted the archive; otherwise it is deleted now. Deleting an image already
     * pending deletion (admins still see it) changes nothing. Returns the image as it was.
     */
    ImageRecord deleteImage(Caller caller, String imageId) {
        ImageRecord image = visibleImage(caller, imageId);
        if (pendingDelete(image)) {
            return image;
        }
        requireImageOwner(caller, image, "delete");
        try {
            deletions.delete(image, pending -> writer.update(ImageRecord.class, () -> Optional.of(pending), i -> {
                i.getSpec().setStatus(CatalogRecords.STATUS_PENDING_DELETE);
                i.getSpec().setUpdatedAt(clock.instant().toString());
            }, false, () -> imageNotFound(imageId)));
        } catch (KubernetesClientException e) {
            throw RecordWriter.unavailable(e);
        }
        return image;
    }

    /** An image pending deletion is gone for everyone but admins, who may look at it by id (its last error). */
    ImageRecord visibleImage(Caller caller, String imageId) {
        return store.image(imageId).filter(i -> visible(caller, i)).filter(i -> caller.isAdmin() || !pendingDelete(i))
                .orElseThrow(() -> imageNotFound(imageId));
    }

    private static boolean pendingDelete(ImageRecord image) {
        return CatalogRecords.STATUS_PENDING_DELETE.equals(image.getSpec().getStatus());
    }

    /** Glance: only the owner or an admin changes an image; base images (no owner) belong to the admins. */
    static void requireImageOwner(Caller caller, ImageRecord image, String verb) {
        String owner = image.getSpec().getOwner();
        if (!caller.isAdmin() && (owner == null || owner.isEmpty() || !owner.equals(caller.projectId()))) {
            throw ApiException.forbidden("You are not permitted to " + verb + " this image.");
        }
    }

    static ApiException imageNotFound(String imageId) {
        return ApiException.notFound("No image found with ID " + imageId);
    }

    private static boolean visible(Caller caller, ImageRecord image) {
        String visibility = image.getSpec().getVisibility();
        return caller.isAdmin() || "public".equals(visibility) || "community".equals(visibility)
                || caller.projectId().equals(image.getSpec().getOwner());
    }

    private static void requireAdmin(Caller caller, String rule) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Policy doesn't allow " + rule + " to be performed.");
        }
    }
}
