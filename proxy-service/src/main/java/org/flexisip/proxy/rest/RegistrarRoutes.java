package org.flexisip.proxy.rest;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.flexisip.common.rest.ConfigJson;
import org.flexisip.proxy.rest.RegistrarCommands.Reply;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.Context;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The registrar admin API of spec/config.md §9.3 on the proxy's management interface, behind the same access rules
 * as the configuration API (the {@code /api/*} check of {@code AdminRoutes}):
 * <table>
 * <caption>Routes</caption>
 * <tr><th>Route</th><th>Command</th><th>Answer</th></tr>
 * <tr><td>{@code GET /api/registrar/{aor}}</td><td>REGISTRAR_GET</td><td>200 record, 404 when empty</td></tr>
 * <tr><td>{@code PUT /api/registrar/{aor}/contacts}</td><td>REGISTRAR_UPSERT</td><td>200 record</td></tr>
 * <tr><td>{@code DELETE /api/registrar/{aor}/contacts/{uuid}}</td><td>REGISTRAR_DELETE</td><td>200 record</td></tr>
 * <tr><td>{@code DELETE /api/registrar/{aor}}</td><td>REGISTRAR_CLEAR</td><td>204</td></tr>
 * <tr><td>{@code GET /api/registrar}</td><td>REGISTRAR_DUMP</td><td>200 {@code {"aors":[...]}}</td></tr>
 * </table>
 * The AOR is URL-encoded in the path. Errors are {@code {"error": "..."}} with the admin-socket message: 400 for
 * an invalid argument, 404, 503 when the database cannot be reached. Database futures complete on the database's
 * thread; each answer is written back on the route's Vert.x context, so no event loop ever waits.
 */
@Singleton
public class RegistrarRoutes {
    private static final Logger LOG = Logger.getLogger(RegistrarRoutes.class);
    private static final String JSON = "application/json";
    private static final int MAX_BODY_BYTES = 8 * 1024;
    private static final String UPSERT_BODY =
            "expected a JSON body {\"uri\": \"sip:...\", \"expire\": <seconds>, \"uuid\": \"...\" (optional)}";

    private final RegistrarCommands commands;
    private final ObjectMapper json;

    public RegistrarRoutes(RegistrarCommands commands, ObjectMapper json) {
        this.commands = commands;
        this.json = json;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        router.get("/api/registrar").handler(rc -> answer(rc, 200, commands::dump));
        router.get("/api/registrar/:aor").handler(rc -> answer(rc, 200, () -> commands.get(rc.pathParam("aor"))));
        router.delete("/api/registrar/:aor").handler(rc -> answer(rc, 204,
                () -> commands.clear(rc.pathParam("aor"))));
        router.put("/api/registrar/:aor/contacts").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES))
                .handler(this::upsert);
        router.delete("/api/registrar/:aor/contacts/:uuid").handler(rc -> answer(rc, 200,
                () -> commands.delete(rc.pathParam("aor"), rc.pathParam("uuid"))));
    }

    private void upsert(RoutingContext rc) {
        Optional<JsonNode> body = jsonBody(rc);
        JsonNode uri = body.map(b -> b.get("uri")).orElse(null);
        JsonNode expire = body.map(b -> b.get("expire")).orElse(null);
        JsonNode uuid = body.map(b -> b.get("uuid")).orElse(null);
        if (uri == null || !uri.isTextual() || expire == null || !(expire.isIntegralNumber() || expire.isTextual())
                || (uuid != null && !uuid.isNull() && !uuid.isTextual())) {
            send(rc, 400, new ConfigJson.Failure(UPSERT_BODY));
            return;
        }
        Optional<String> instance = Optional.ofNullable(uuid).filter(JsonNode::isTextual).map(JsonNode::asText)
                .filter(u -> !u.isEmpty());
        answer(rc, 200, () -> commands.upsert(rc.pathParam("aor"), uri.asText(), expire.asText(), instance));
    }

    private Optional<JsonNode> jsonBody(RoutingContext rc) {
        String text = rc.body().asString();
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(text);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts a command and answers when it completes, on this route's context. {@code success} is the status of a
     * successful answer; 204 has no body.
     */
    private void answer(RoutingContext rc, int success, Supplier<CompletableFuture<Reply>> command) {
        Context context = rc.vertx().getOrCreateContext();
        CompletableFuture<Reply> reply;
        try {
            reply = command.get();
        } catch (RuntimeException e) {
            internalError(rc, e);
            return;
        }
        reply.whenComplete((r, failure) -> context.runOnContext(v -> {
            if (failure != null) {
                internalError(rc, failure);
            } else {
                respond(rc, success, r);
            }
        }));
    }

    private void respond(RoutingContext rc, int success, Reply reply) {
        if (reply instanceof Reply.Failed failed) {
            send(rc, failed.status(), new ConfigJson.Failure(failed.message()));
        } else if (reply instanceof Reply.Found found) {
            send(rc, success, RegistrarJson.RecordBody.of(found.record()));
        } else if (reply instanceof Reply.Listed listed) {
            send(rc, success, RegistrarJson.Aors.of(listed.aors()));
        } else if (reply instanceof Reply.Cleared cleared) {
            LOG.infof("AOR %s cleared through the REST API by %s", cleared.aor(), rc.request().remoteAddress());
            if (isOpen(rc)) {
                rc.response().setStatusCode(success).end();
            }
        }
    }

    private void internalError(RoutingContext rc, Throwable failure) {
        LOG.errorf(failure, "%s %s failed", rc.request().method(), rc.request().path());
        send(rc, 500, new ConfigJson.Failure("internal error of the registrar API"));
    }

    private void send(RoutingContext rc, int status, Object body) {
        if (!isOpen(rc)) {
            return;
        }
        try {
            rc.response().setStatusCode(status).putHeader("Content-Type", JSON).end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            LOG.error("cannot write a JSON answer", e);
            rc.response().setStatusCode(500).putHeader("Content-Type", JSON)
                    .end("{\"error\":\"internal error while writing the answer\"}");
        }
    }

    private static boolean isOpen(RoutingContext rc) {
        return !rc.response().ended() && !rc.response().closed();
    }
}
