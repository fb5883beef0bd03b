package io.openvcluster.server.kube.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reconciler compares a server's status with the one it derived on every pass and copies it first
 * ({@code StatusWriter}): a field missing from {@link ServerStatus#equals} would let a change go unwritten, one missing
 * from {@link ServerStatus#copy} would drop it. These tests go over the class's fields, so a new field fails here
 * until both know it.
 */
class ServerStatusTest {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** Every field set to something other than its default. */
    private static ServerStatus full() {
        ServerStatus status = new ServerStatus();
        status.setVmState("active");
        status.setTaskState("resize_prep");
        status.setPowerState(1);
        status.setLaunchedAt("2026-11-27T03:00:00Z");
        status.setUpdatedAt("2026-11-27T03:01:00Z");
        status.setEverActive(true);
        status.setFault(new FaultRecord(500, "boom", "", "2026-11-27T03:02:00Z"));
        status.setObservedGeneration(3L);
        status.setClusterIP("10.0.0.7");
        status.setCompletedRequestId("req-1");
        status.setShelvedImageId("image-1");
        status.setWipedRequestId("req-1");
        status.setRestart(new PodRestart("req-2", List.of("uid-1")));
        status.setLastPassFailure(new PassFailure("kube_error", "boom", "2026-11-27T03:03:00Z"));
        status.setActions(new ArrayList<>(List.of(new ActionEvent("create", "req-0", "u", "p",
                "2026-11-27T02:59:00Z", "2026-11-27T03:00:00Z", "Success", null))));
        return status;
    }

    private static List<Field> fields() {
        List<Field> fields = new ArrayList<>();
        for (Field field : ServerStatus.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                fields.add(field);
            }
        }
        return fields;
    }

    /** A value of the field's type other than {@code current}. */
    private static Object other(Field field, Object current) {
        Class<?> type = field.getType();
        if (type == String.class) {
            return current + "-other";
        } else if (type == int.class) {
            return (int) current + 1;
        } else if (type == boolean.class) {
            return !(boolean) current;
        } else if (type == Long.class) {
            return (Long) current + 1;
        } else if (type == FaultRecord.class) {
            return new FaultRecord(500, "other", "", "2026-11-27T04:00:00Z");
        } else if (type == PodRestart.class) {
            return new PodRestart("req-3", List.of("uid-2"));
        } else if (type == PassFailure.class) {
            return new PassFailure("deadline", "other", "2026-11-27T04:00:00Z");
        } else if (type == List.class) {
            return new ArrayList<>(List.of(new ActionEvent("stop", "req-4", "u", "p", "2026-11-27T04:00:00Z",
                    null, null, null)));
        }
        return fail("ServerStatus has a field of a type this test cannot vary: " + field + "; add it to other()");
    }

    @Test
    void theFullStatusSetsEveryField() throws IllegalAccessException {
        ServerStatus status = full();
        for (Field field : fields()) {
            Object value = field.get(status);
            if (value == null || value.equals(0) || value.equals(false) || value.equals(List.of())) {
                fail("full() leaves " + field.getName() + " at its default: set it, so that the tests below vary it");
            }
        }
    }

    @Test
    void everyFieldCountsInEqualsAndIsCopied() throws IllegalAccessException {
        for (Field field : fields()) {
            ServerStatus changed = full();
            field.set(changed, other(field, field.get(changed)));
            assertNotEquals(full(), changed, field.getName() + " must count in equals()");
            assertEquals(field.get(changed), field.get(changed.copy()), field.getName() + " must be copied by copy()");
        }
    }

    @Test
    void aCopyEqualsItsOriginalSerialisesTheSameAndHasItsOwnActions() {
        ServerStatus status = full();
        ServerStatus copy = status.copy();
        assertEquals(status, copy);
        assertEquals(status.hashCode(), copy.hashCode());
        assertEquals(JSON.asJson(status), JSON.asJson(copy));
        assertNotSame(status.getActions(), copy.getActions(), "the reconciler adds to the copy's actions");
        copy.getActions().add(new ActionEvent("stop", "req-5", "u", "p", "2026-11-27T04:00:00Z", null, null, null));
        assertEquals(1, status.getActions().size(), "the cached record's status is left as it was");
    }

    @Test
    void noActionsAndAnEmptyListAreEqualAsInTheStoredJson() {
        ServerStatus none = full();
        none.setActions(null);
        ServerStatus empty = full();
        empty.setActions(new ArrayList<>());
        assertEquals(none, empty);
        assertEquals(none.hashCode(), empty.hashCode());
        assertEquals(JSON.asJson(none), JSON.asJson(empty));
    }
}
