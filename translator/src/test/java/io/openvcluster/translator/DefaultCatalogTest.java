package io.openvcluster.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openvcluster.api.model.FlavorData;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefaultCatalogTest {

    static Stream<Arguments> flavors() {
        return Stream.of(
                Arguments.of("1", "vc.tiny", 1, 1024, 5),
                Arguments.of("2", "vc.small", 2, 4096, 20),
                Arguments.of("3", "vc.medium", 4, 8192, 40),
                Arguments.of("4", "vc.large", 8, 16384, 80),
                Arguments.of("5", "vc.xlarge", 16, 32768, 200));
    }

    @ParameterizedTest
    @MethodSource("flavors")
    void flavorLadder(String id, String name, int vcpus, int ramMb, int diskGb) {
        FlavorData flavor = DefaultCatalog.flavors().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();

        assertEquals(List.of(name, vcpus, ramMb, diskGb), List.of(flavor.name(), flavor.vcpus(), flavor.ramMb(), flavor.diskGb()));
        assertTrue(flavor.isPublic());
        assertTrue(!flavor.disabled());
        assertTrue(flavor.description().orElseThrow().contains(vcpus + " vCPU"));
        assertEquals(List.of(), FlavorSpec.validate(flavor.extraSpecs()));
    }

    @Test
    void fiveFlavorsSmallestFirst() {
        assertEquals(List.of("1", "2", "3", "4", "5"), DefaultCatalog.flavors().stream().map(FlavorData::id).toList());
    }

    static Stream<Arguments> images() {
        return Stream.of(
                Arguments.of("vcluster-k8s-1.36", "1.36.0"),
                Arguments.of("vcluster-k8s-1.35", "1.35.0"),
                Arguments.of("vcluster-k8s-1.34", "1.34.0"),
                Arguments.of("vcluster-k8s-1.33", "1.33.4"));
    }

    @ParameterizedTest
    @MethodSource("images")
    void baseImages(String name, String kubernetesVersion) {
        DefaultCatalog.BaseImage image = DefaultCatalog.images().stream()
                .filter(i -> i.name().equals(name)).findFirst().orElseThrow();

        assertEquals(kubernetesVersion, image.spec().kubernetesVersion());
        assertEquals("0.36.1", image.spec().chartVersion());
        assertEquals("k8s", image.spec().distro());
        assertEquals(image.id(), image.spec().id());
        assertTrue(image.id().matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), image.id());
    }

    @Test
    void imageIdsAreStableAndDistinct() {
        Set<String> ids = DefaultCatalog.images().stream().map(DefaultCatalog.BaseImage::id).collect(Collectors.toSet());

        assertEquals(4, ids.size());
        // pinned: a changed id would orphan servers created from the image
        assertEquals("ec92a91b-9d38-3d5e-bd2f-d3bf45f6a60b", DefaultCatalog.images().get(0).id());
        assertEquals("a8f03e93-e46a-3404-91b0-70331a85ac11", DefaultCatalog.images().get(3).id());
    }

    @Test
    void imageSpecNormalisesAndRejects() {
        assertEquals("1.33.4", ImageSpec.k8s("i", "0.36.1", "v1.33.4").kubernetesVersion());
        assertEquals("v1.33.4", ImageSpec.k8s("i", "0.36.1", "1.33.4").kubernetesTag());
        assertEquals("1.33", ImageSpec.k8s("i", "0.36.1", "1.33.4").kubernetesMinor());
        assertThrows(IllegalArgumentException.class, () -> new ImageSpec("i", "0.36.1", "1.33.4", "k3s"));
        assertThrows(IllegalArgumentException.class, () -> ImageSpec.k8s("i", "0.36.1", "latest"));
        assertThrows(IllegalArgumentException.class, () -> ImageSpec.k8s("i", "", "1.33.4"));
    }
}
