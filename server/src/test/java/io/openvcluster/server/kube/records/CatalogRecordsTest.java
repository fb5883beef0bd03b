package io.openvcluster.server.kube.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.openvcluster.server.kube.crd.ImageRecordSpec;
import io.openvcluster.server.kube.crd.ImageSnapshot;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.crd.SnapshotIntent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogRecordsTest {
    private static final String URL = "s3://snapshots/i1.tar.gz";

    private static ServerSpec server() {
        ServerSpec spec = new ServerSpec();
        spec.setImageId("base-1");
        spec.setImage(new ImageSnapshot("0.36.1", "v1.33.4", "k8s"));
        return spec;
    }

    @Test
    void withoutMetadataASnapshotHasNovasDefaultsAndTheFacadesProperties() {
        Map<String, String> p = CatalogRecords.snapshotProperties(Map.of(), "srv-1", server(), URL, Optional.empty());
        assertEquals("snapshot", p.get("image_type"));
        assertEquals("base-1", p.get("base_image_ref"));
        assertEquals("srv-1", p.get("instance_uuid"));
        assertEquals(URL, p.get("vcluster_snapshot_url"));
        assertEquals("v1.33.4", p.get("kubernetes_version"));
    }

    @Test
    void theMetadataWinsOverNovasDefaultsAndNotOverTheFacadesOwn() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("image_type", "custom");
        metadata.put("base_image_ref", "mine");
        metadata.put("foo", "bar");
        metadata.put("instance_uuid", "other-server");
        metadata.put("vcluster_snapshot_url", "s3://elsewhere/x.tar.gz");
        metadata.put("kubernetes_version", "v9.9.9");
        metadata.put("vcluster_snapshot_error", "made up");
        Map<String, String> p = CatalogRecords.snapshotProperties(metadata, "srv-1", server(), URL, Optional.empty());
        assertEquals("custom", p.get("image_type"));
        assertEquals("mine", p.get("base_image_ref"));
        assertEquals("bar", p.get("foo"));
        assertEquals("srv-1", p.get("instance_uuid"));
        assertEquals(URL, p.get("vcluster_snapshot_url"));
        assertEquals("v1.33.4", p.get("kubernetes_version"));
        assertEquals(null, p.get("vcluster_snapshot_error"));
    }

    @Test
    void aSnapshotIsKnownByItsArchiveWhateverItsImageType() {
        ImageRecordSpec custom = new ImageRecordSpec();
        custom.setProperties(new LinkedHashMap<>(Map.of("image_type", "custom", "vcluster_snapshot_url", URL)));
        assertEquals(Optional.of(URL), CatalogRecords.snapshotArchive(custom));
        ImageRecordSpec base = new ImageRecordSpec();
        base.setProperties(new LinkedHashMap<>(Map.of("kubernetes_version", "v1.33.4")));
        assertEquals(Optional.empty(), CatalogRecords.snapshotArchive(base));
        assertEquals(Optional.empty(), CatalogRecords.snapshotArchive(new ImageRecordSpec()));
    }

    @Test
    void aBackupIsMarkedAsOneWhateverItsMetadataSays() {
        Map<String, String> p = CatalogRecords.snapshotProperties(Map.of("image_type", "custom", "backup_type", "x"),
                "srv-1", server(), URL, Optional.of(new SnapshotIntent.Backup("daily", 2)));
        assertEquals("backup", p.get("image_type"));
        assertEquals("daily", p.get("backup_type"));
    }
}
