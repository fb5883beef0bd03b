package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.ImageRecord;

/**
 * An image's {@code min_ram} (MiB) and {@code min_disk} (GiB) against the flavor a server gets, at create and
 * rebuild, with Nova's 400 messages ({@code FlavorMemoryTooSmall}, {@code FlavorDiskSmallerThanMinDisk}). For a
 * vcluster the flavor's RAM and disk are its quota ({@code limits.memory}, {@code requests.storage}): an image owner
 * who sets them says the Kubernetes version or the snapshot needs at least that much room.
 */
final class ImageRequirements {
    private static final long GIB = 1024L * 1024 * 1024;

    private ImageRequirements() {
    }

    static void check(ImageRecord image, FlavorSnapshot flavor) {
        if (image.getSpec().getMinRamMb() > flavor.ramMb()) {
            throw ApiException.badRequest("Flavor's memory is too small for requested image.");
        }
        long flavorDisk = flavor.diskGb() * GIB;
        long minDisk = image.getSpec().getMinDiskGb() * GIB;
        if (minDisk > flavorDisk) {
            throw ApiException.badRequest("Flavor's disk is smaller than the minimum size specified in image metadata. "
                    + "Flavor disk is " + flavorDisk + " bytes, minimum size is " + minDisk + " bytes.");
        }
    }
}
