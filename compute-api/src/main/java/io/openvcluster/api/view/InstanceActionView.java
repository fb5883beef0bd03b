package io.openvcluster.api.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import io.openvcluster.api.model.InstanceActionData;
import java.util.List;
import java.util.Optional;

/**
 * {@code os-instance-actions} bodies by microversion, as Nova renders them: {@code updated_at} from 2.58; events
 * shown to admins only before 2.51 and to everyone from 2.51; {@code hostId} from 2.62 and {@code host} (admins)
 * from 2.62; {@code details} from 2.84; {@code traceback} to admins only. Times are Nova's zone-less microseconds.
 */
public final class InstanceActionView {
    private InstanceActionView() {
    }

    /** {@code {"instanceActions": [...]}}, plus {@code links} with a next link at 2.58+ when one is given. */
    public static ObjectNode list(List<InstanceActionData> actions, Microversion mv, Optional<String> nextHref) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("instanceActions");
        actions.forEach(a -> items.add(action(a, mv)));
        if (mv.atLeast(58) && nextHref.isPresent()) {
            body.putArray("links").addObject().put("rel", "next").put("href", nextHref.get());
        }
        return body;
    }

    /**
     * {@code {"instanceAction": {..., "events": [...]}}}.
     *
     * @param hostId the server's hostId (shown in events from 2.62)
     * @param host   the host name shown to admins from 2.62
     */
    public static ObjectNode show(InstanceActionData action, Microversion mv, boolean admin, String hostId,
                                  String host) {
        ObjectNode item = action(action, mv);
        if (admin || mv.atLeast(51)) {
            ArrayNode events = item.putArray("events");
            for (InstanceActionData.Event e : action.events()) {
                ObjectNode o = events.addObject();
                o.put("event", e.event());
                o.put("start_time", Timestamps.micros(e.startTime()));
                o.put("finish_time", e.finishTime().map(Timestamps::micros).orElse(null));
                o.put("result", e.result().orElse(null));
                if (admin) {
                    o.putNull("traceback");
                }
                if (mv.atLeast(62)) {
                    o.put("hostId", hostId);
                    if (admin) {
                        o.put("host", host);
                    }
                }
                if (mv.atLeast(84)) {
                    o.put("details", e.details().orElse(null));
                }
            }
        }
        ObjectNode body = Json.object();
        body.set("instanceAction", item);
        return body;
    }

    private static ObjectNode action(InstanceActionData a, Microversion mv) {
        ObjectNode o = Json.object();
        o.put("action", a.action());
        o.put("instance_uuid", a.instanceUuid());
        o.put("request_id", a.requestId());
        o.put("user_id", a.userId());
        o.put("project_id", a.projectId());
        o.put("start_time", Timestamps.micros(a.startTime()));
        o.put("message", a.message().orElse(null));
        if (mv.atLeast(58)) {
            o.put("updated_at", Timestamps.micros(a.updatedAt()));
        }
        return o;
    }
}
