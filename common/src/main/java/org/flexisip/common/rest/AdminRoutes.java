package org.flexisip.common.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.flexisip.common.app.FlexisipServiceConfig;
import org.flexisip.common.config.BuildVersion;
import org.flexisip.common.config.ConfigEntry;
import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.InvalidValueException;
import org.flexisip.common.config.NotRuntimeSettableException;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.SectionSpec;
import org.flexisip.common.config.UnknownConfigPathException;
import org.flexisip.common.runtimeerror.RuntimeErrorRegistry;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.Context;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The admin REST API of spec/config.md §9.3 on the Quarkus management interface (loopback by default), next
 * to the health checks. Every answer is JSON; errors are {@code {"error": "..."}} with 400, 403, 404 or 409.
 * {@code POST /api/cli} takes a 2.4 admin-socket command line and answers its exact text; a command of a
 * {@link CommandExtension} (the proxy's {@code REGISTRAR_*}) is answered when its future completes, back on the
 * route's context. The other handlers only read and change in-memory state, so they run on the event loop.
 */
@Singleton
public class AdminRoutes {
    private static final Logger LOG = Logger.getLogger(AdminRoutes.class);
    private static final String JSON = "application/json";
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final FlexisipConfig config;
    private final RuntimeErrorRegistry runtimeErrors;
    private final Role role;
    private final ObjectMapper json;
    private final AdminAccessPolicy access;
    private final AdminCommands commands;
    private final List<CommandExtension> extensions;

    public AdminRoutes(FlexisipConfig config, RuntimeErrorRegistry runtimeErrors, Role role, ObjectMapper json,
            FlexisipServiceConfig service, Instance<CommandExtension> extensions) {
        this.config = config;
        this.runtimeErrors = runtimeErrors;
        this.role = role;
        this.json = json;
        this.access = new AdminAccessPolicy(service.admin().token(), service.admin().trustLoopback());
        this.commands = new AdminCommands(config);
        this.extensions = extensions.stream().toList();
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        router.route("/api/*").order(-100).handler(this::checkAccess);
        router.get("/api/config").handler(rc -> send(rc, 200, tree(helpOnly(rc))));
        router.get("/api/config/:section").handler(this::getSection);
        router.get("/api/config/:section/:param").handler(this::getEntry);
        router.put("/api/config/:section/:param").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES))
                .handler(this::putEntry);
        router.get("/api/runtime-error").handler(rc -> send(rc, 200, new ConfigJson.RuntimeErrors(
                runtimeErrors.current().stream().map(ConfigJson.Error::of).toList(),
                runtimeErrors.asRuntimeErrorValue())));
        router.get("/api/version").handler(rc -> send(rc, 200,
                new ConfigJson.Version(role.id(), BuildVersion.current())));
        router.post("/api/cli").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES)).handler(this::cli);
    }

    private void cli(RoutingContext rc) {
        String line = rc.body().asString() == null ? "" : rc.body().asString();
        AdminCommands.CommandLine command = AdminCommands.CommandLine.parse(line);
        Optional<CommandExtension> extension = extensions.stream().filter(e -> e.handles(command.name()))
                .findFirst();
        if (extension.isEmpty()) {
            sendText(rc, commands.execute(line, "REST API CLI (" + rc.request().remoteAddress() + ")"));
            return;
        }
        Context context = rc.vertx().getOrCreateContext();
        try {
            extension.get().execute(command.name(), command.arguments()).whenComplete((reply, failure) ->
                    context.runOnContext(v -> {
                        if (failure == null) {
                            sendText(rc, reply);
                        } else {
                            LOG.errorf(failure, "admin command %s failed", command.name());
                            sendText(rc, "Error - internal error while executing " + command.name());
                        }
                    }));
        } catch (RuntimeException e) {
            LOG.errorf(e, "admin command %s failed", command.name());
            sendText(rc, "Error - internal error while executing " + command.name());
        }
    }

    private static void sendText(RoutingContext rc, String reply) {
        if (!rc.response().ended() && !rc.response().closed()) {
            rc.response().setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8").end(reply);
        }
    }

    private void checkAccess(RoutingContext rc) {
        LOG.debugf("%s %s from %s", rc.request().method(), rc.request().path(), rc.request().remoteAddress());
        Optional<String> refusal = access.refusal(isLoopback(rc.request().remoteAddress()),
                Optional.ofNullable(rc.request().getHeader("Authorization")));
        if (refusal.isPresent()) {
            LOG.warnf("admin API refused to %s: %s", rc.request().remoteAddress(), refusal.get());
            send(rc, 403, new ConfigJson.Failure(refusal.get()));
        } else {
            rc.next();
        }
    }

    private ConfigJson.Tree tree(boolean helpOnly) {
        return new ConfigJson.Tree("all", config.sections().stream()
                .map(s -> ConfigJson.Section.of(s, helpOnly, subSections(s))).toList());
    }

    private void getSection(RoutingContext rc) {
        try {
            ConfigSection section = findSection(rc.pathParam("section"));
            send(rc, 200, ConfigJson.Section.of(section, helpOnly(rc), subSections(section)));
        } catch (UnknownConfigPathException e) {
            send(rc, 404, new ConfigJson.Failure(e.getMessage()));
        }
    }

    private void getEntry(RoutingContext rc) {
        try {
            findSection(rc.pathParam("section"));
            ConfigEntry entry = config.requireEntry(rc.pathParam("section"), rc.pathParam("param"));
            send(rc, 200, ConfigJson.Entry.of(entry));
        } catch (UnknownConfigPathException e) {
            send(rc, 404, new ConfigJson.Failure(e.getMessage()));
        }
    }

    private void putEntry(RoutingContext rc) {
        String sectionName = rc.pathParam("section");
        String paramName = rc.pathParam("param");
        Optional<String> value = requestedValue(rc);
        if (value.isEmpty()) {
            send(rc, 400, new ConfigJson.Failure("expected a JSON body {\"value\": \"...\"}"));
            return;
        }
        try {
            findSection(sectionName);
            ConfigEntry entry = config.setAtRuntime(sectionName, paramName, value.get(),
                    "REST API (" + rc.request().remoteAddress() + ")");
            LOG.infof("%s set to '%s' through the REST API by %s", entry.path(), entry.text(),
                    rc.request().remoteAddress());
            send(rc, 200, ConfigJson.Entry.of(entry));
        } catch (UnknownConfigPathException e) {
            send(rc, 404, new ConfigJson.Failure(e.getMessage()));
        } catch (NotRuntimeSettableException e) {
            send(rc, 409, new ConfigJson.Failure(e.getMessage()));
        } catch (InvalidValueException e) {
            send(rc, 400, new ConfigJson.Failure("Failed to set " + sectionName + "/" + paramName
                    + ": invalid value '" + value.get() + "': " + e.getMessage()));
        }
    }

    /** A section this role reads; a section of another role is explained rather than just "not found". */
    private ConfigSection findSection(String name) throws UnknownConfigPathException {
        Optional<SectionSpec> declared = config.schema().section(name);
        if (declared.isPresent() && config.section(name).isEmpty()) {
            String readers = declared.get().readers().isEmpty() ? "no role (not supported)"
                    : "the " + declared.get().readers().iterator().next().id() + " role";
            throw new UnknownConfigPathException(declared.get().name() + " (read by " + readers
                    + ", not by this " + role.id() + " role)", Optional.empty());
        }
        return config.requireSection(name);
    }

    private List<String> subSections(ConfigSection section) {
        String prefix = section.spec().key() + "::";
        return config.sections().stream().map(s -> s.spec().name())
                .filter(n -> n.toLowerCase(java.util.Locale.ROOT).startsWith(prefix)).toList();
    }

    private Optional<String> requestedValue(RoutingContext rc) {
        String body = rc.body().asString();
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(body).get("value");
            return node != null && node.isValueNode() && !node.isNull() ? Optional.of(node.asText())
                    : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static boolean helpOnly(RoutingContext rc) {
        return "true".equalsIgnoreCase(rc.queryParams().get("help"));
    }

    private static boolean isLoopback(SocketAddress address) {
        if (address == null || address.hostAddress() == null) {
            return false; // A Unix domain socket peer: not ours to trust.
        }
        try {
            // hostAddress() is an IP literal, so this does no name lookup.
            return InetAddress.getByName(address.hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void send(RoutingContext rc, int status, Object body) {
        try {
            rc.response().setStatusCode(status).putHeader("Content-Type", JSON).end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            LOG.error("cannot write a JSON answer", e);
            rc.response().setStatusCode(500).putHeader("Content-Type", JSON)
                    .end("{\"error\":\"internal error while writing the answer\"}");
        }
    }
}
