package io.openvcluster.server.kube.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadYourWritesTest {
    private final ReadYourWrites<ConfigMap> overlay = new ReadYourWrites<>();

    @Test
    void aWriteIsSeenBeforeTheInformerHasIt() {
        ConfigMap written = object("a", "uid-a", "7");
        overlay.created(written);
        assertEquals(Optional.of(written), overlay.resolve("a", () -> null));
        assertEquals(List.of(written), overlay.merge(() -> List.of(), o -> true));
    }

    @Test
    void theOverlayYieldsOnceTheCacheIsAsNew() {
        ConfigMap stale = object("a", "uid-a", "5");
        overlay.written(object("a", "uid-a", "7"), () -> stale);
        assertEquals("7", overlay.resolve("a", () -> stale).orElseThrow().getMetadata().getResourceVersion());
        ConfigMap caughtUp = object("a", "uid-a", "9");
        assertEquals(Optional.of(caughtUp), overlay.resolve("a", () -> caughtUp));
        // the overlay entry is dropped: a later stale cache entry is no longer masked
        assertEquals(Optional.of(stale), overlay.resolve("a", () -> stale));
    }

    @Test
    void aDeletedObjectIsHiddenUntilTheInformerSeesTheDeletion() {
        ConfigMap cached = object("a", "uid-a", "3");
        overlay.deleted(cached);
        assertTrue(overlay.resolve("a", () -> cached).isEmpty());
        assertTrue(overlay.merge(() -> List.of(cached), o -> true).isEmpty());
        overlay.informerDeleted(cached);
        ConfigMap recreated = object("a", "uid-b", "12");
        assertEquals(Optional.of(recreated), overlay.resolve("a", () -> recreated));
    }

    /**
     * The orderings a list right after a tag change can meet (the flake once seen in DomainIT): the
     * reconciler's status write answered before the tag write but recorded after it, and an informer still behind
     * both. The list must show the tag write.
     */
    @Test
    void aListAfterAWriteShowsItWhateverOrderTheOtherWritesAreRecordedIn() {
        ConfigMap beforeTags = object("a", "uid-a", "10");
        ConfigMap tags = new ConfigMapBuilder(object("a", "uid-a", "12")).addToData("tags", "blue,red").build();
        ConfigMap statusWrittenEarlier = object("a", "uid-a", "11");
        overlay.written(tags, () -> beforeTags);
        overlay.written(statusWrittenEarlier, () -> beforeTags);
        assertEquals(List.of(tags), overlay.merge(() -> List.of(beforeTags), o -> true));
        assertEquals(List.of(tags), overlay.merge(() -> List.of(statusWrittenEarlier), o -> true));
        // the informer caught up with a later status write (which carries the tags): it wins, the overlay is done
        ConfigMap statusAfter = new ConfigMapBuilder(object("a", "uid-a", "13")).addToData("tags", "blue,red").build();
        assertEquals(List.of(statusAfter), overlay.merge(() -> List.of(statusAfter), o -> true));
    }

    /**
     * A write recorded while a list walks the cache, to an object the walk has passed (the reconciler writes statuses
     * while clients list): the object is listed once, not once from the cache and again from the overlay. Seen with
     * 12,000 servers being created: a list now and then named a server twice.
     */
    @Test
    void aWriteDuringAListDoesNotListTheObjectTwice() {
        ConfigMap a = object("a", "uid-a", "1");
        ConfigMap b = object("b", "uid-b", "2");
        ConfigMap aWrittenMeanwhile = object("a", "uid-a", "3");
        List<ConfigMap> listed = overlay.merge(() -> List.of(a, b), o -> {
            if (o == b) {
                overlay.written(aWrittenMeanwhile, () -> a); // recorded after the walk passed "a"
            }
            return true;
        });
        assertEquals(List.of("a", "b"), listed.stream().map(o -> o.getMetadata().getName()).toList());
        // the next list shows the write
        assertEquals(List.of(aWrittenMeanwhile, b), overlay.merge(() -> List.of(a, b), o -> true));
    }

    /** A create recorded before a list began is listed even when the informer catches up while the list runs. */
    @Test
    void aWriteTheCacheMissedIsListedEvenIfTheOverlayLetsGoMeanwhile() {
        ConfigMap created = object("c", "uid-c", "5");
        overlay.created(created);
        ConfigMap a = object("a", "uid-a", "1");
        List<ConfigMap> listed = overlay.merge(() -> List.of(a), o -> {
            overlay.resolve("c", () -> created); // another request meets the caught-up informer: the overlay drops "c"
            return true;
        });
        assertEquals(List.of(a, created), listed);
    }

    /**
     * The overlay is copied before the cache is read. Read in the other order, a create could be in neither: the
     * cache read just before the informer had it, the overlay entry let go just after (by another request).
     */
    @Test
    void theOverlayIsCopiedBeforeTheCacheIsRead() {
        ConfigMap created = object("c", "uid-c", "5");
        overlay.created(created);
        List<ConfigMap> listed = overlay.merge(() -> {
            List<ConfigMap> cacheWithoutTheCreate = List.of();
            overlay.resolve("c", () -> created); // meanwhile the informer caught up and a GET let the overlay entry go
            return cacheWithoutTheCreate;
        }, o -> true);
        assertEquals(List.of(created), listed);
    }

    /**
     * A list that reads the cache just before the informer has a write, while another request (a GET, the
     * reconciler) meets the caught-up informer and lets the overlay entry go before the walk reaches the object: the
     * list shows the write, not the older cached object.
     */
    @Test
    void aWriteIsListedWhenTheOverlayLetsGoAfterTheCacheWasRead() {
        ConfigMap beforeTags = object("a", "uid-a", "10");
        ConfigMap tags = new ConfigMapBuilder(object("a", "uid-a", "12")).addToData("tags", "blue,red").build();
        overlay.written(tags, () -> beforeTags);
        List<ConfigMap> listed = overlay.merge(() -> {
            List<ConfigMap> cacheBeforeTheWrite = List.of(beforeTags);
            overlay.resolve("a", () -> tags); // meanwhile the informer caught up and another request let the entry go
            return cacheBeforeTheWrite;
        }, o -> true);
        assertEquals(List.of(tags), listed);
        // the next list reads the caught-up cache
        assertEquals(List.of(tags), overlay.merge(() -> List.of(tags), o -> true));
    }

    /** As a list, a GET: its cache read older than the write, the overlay entry let go before the overlay is read. */
    @Test
    void aWriteIsReadWhenTheOverlayLetsGoAfterTheCacheWasRead() {
        ConfigMap beforeTags = object("a", "uid-a", "10");
        ConfigMap tags = new ConfigMapBuilder(object("a", "uid-a", "12")).addToData("tags", "blue,red").build();
        overlay.written(tags, () -> beforeTags);
        Optional<ConfigMap> read = overlay.resolve("a", () -> {
            ConfigMap cacheBeforeTheWrite = beforeTags;
            overlay.resolve("a", () -> tags); // meanwhile the informer caught up and another request let the entry go
            return cacheBeforeTheWrite;
        });
        assertEquals(Optional.of(tags), read);
    }

    /**
     * An update's answer that comes back after the informer reported the object deleted (a slow response; the
     * reconciler deleted the record meanwhile) is older than the deletion: it is not shown, else it would be for ever.
     */
    @Test
    void anUpdateAnsweredAfterTheInformerReportedTheDeletionIsNotShown() {
        ConfigMap cached = object("a", "uid-a", "10");
        ConfigMap statusWritten = object("a", "uid-a", "12");
        ConfigMap specWritten = object("a", "uid-a", "11"); // applied before the status write, answered last
        overlay.written(statusWritten, () -> cached);
        overlay.informerDeleted(statusWritten); // the informer's cache no longer has it either
        overlay.written(specWritten, () -> null);
        assertTrue(overlay.resolve("a", () -> null).isEmpty());
        assertTrue(overlay.merge(List::of, o -> true).isEmpty());
    }

    /** The same for an object this replica deleted, answered before or after the informer reports the deletion. */
    @Test
    void anUpdateOfAnObjectWeDeletedIsNotShown() {
        ConfigMap cached = object("a", "uid-a", "10");
        overlay.deleted(cached);
        overlay.written(object("a", "uid-a", "11"), () -> cached); // the informer has not seen the deletion yet
        assertTrue(overlay.resolve("a", () -> cached).isEmpty());
        overlay.informerDeleted(cached);
        overlay.written(object("a", "uid-a", "12"), () -> null);
        assertTrue(overlay.resolve("a", () -> null).isEmpty());
        assertTrue(overlay.merge(List::of, o -> true).isEmpty());
    }

    /** An update of an object created here that the informer has not listed yet is shown: the create's entry holds. */
    @Test
    void anUpdateOfACreateTheInformerHasNotSeenIsShown() {
        overlay.created(object("c", "uid-c", "5"));
        ConfigMap updated = object("c", "uid-c", "6");
        overlay.written(updated, () -> null);
        assertEquals(Optional.of(updated), overlay.resolve("c", () -> null));
        assertEquals(List.of(updated), overlay.merge(List::of, o -> true));
    }

    private static ConfigMap object(String name, String uid, String resourceVersion) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withUid(uid)
                .withResourceVersion(resourceVersion).endMetadata().build();
    }
}
