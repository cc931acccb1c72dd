package org.flexisip.proxy.rest;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Singleton;

import org.flexisip.common.rest.CommandExtension;
import org.flexisip.proxy.rest.RegistrarCommands.Reply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The {@code REGISTRAR_*} admin-socket commands (spec/config.md §9.2) for {@code POST /api/cli}, answered with the
 * 2.4 text: {@code Error - <message>} for a failure, {@code Done - Cleared AOR: <aor>}, or JSON indented with tabs
 * as 2.4 writes it.
 */
@Singleton
public class RegistrarCli implements CommandExtension {
    private static final Set<String> COMMANDS = Set.of("REGISTRAR_GET", "REGISTRAR_UPSERT", "REGISTRAR_DELETE",
            "REGISTRAR_CLEAR", "REGISTRAR_DUMP");

    private final RegistrarCommands commands;
    private final ObjectWriter writer;

    public RegistrarCli(RegistrarCommands commands, ObjectMapper json) {
        this.commands = commands;
        DefaultPrettyPrinter tabs = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("\t", "\n"))
                .withArrayIndenter(new DefaultIndenter("\t", "\n"));
        this.writer = json.writer(tabs);
    }

    @Override
    public boolean handles(String command) {
        return COMMANDS.contains(command);
    }

    @Override
    public CompletableFuture<String> execute(String command, String arguments) {
        List<String> args = arguments.isBlank() ? List.of() : Arrays.asList(arguments.strip().split("\\s+"));
        CompletableFuture<Reply> reply = switch (command) {
            case "REGISTRAR_GET" -> args.size() == 1 ? commands.get(args.get(0))
                    : usage(command, "1 argument: <aor>");
            case "REGISTRAR_UPSERT" -> args.size() == 3 || args.size() == 4
                    ? commands.upsert(args.get(0), args.get(1), args.get(2),
                            args.size() == 4 ? Optional.of(args.get(3)) : Optional.empty())
                    : usage(command, "3 or 4 arguments: <aor> <uri> <expire> [<uuid>]");
            case "REGISTRAR_DELETE" -> args.size() == 2 ? commands.delete(args.get(0), args.get(1))
                    : usage(command, "2 arguments: <aor> <uuid>");
            case "REGISTRAR_CLEAR" -> args.size() == 1 ? commands.clear(args.get(0))
                    : usage(command, "1 argument: <aor>");
            case "REGISTRAR_DUMP" -> commands.dump();
            default -> CompletableFuture.completedFuture(new Reply.Failed(400, "Unknown command: " + command));
        };
        return reply.thenApply(this::text);
    }

    private static CompletableFuture<Reply> usage(String command, String expected) {
        return CompletableFuture.completedFuture(
                new Reply.Failed(400, "'" + command + "' command expects " + expected));
    }

    private String text(Reply reply) {
        if (reply instanceof Reply.Found found) {
            return json(RegistrarJson.RecordBody.of(found.record()));
        }
        if (reply instanceof Reply.Cleared cleared) {
            return "Done - Cleared AOR: " + cleared.aor();
        }
        if (reply instanceof Reply.Listed listed) {
            return json(RegistrarJson.Aors.of(listed.aors()));
        }
        return "Error - " + ((Reply.Failed) reply).message();
    }

    private String json(Object body) {
        try {
            return writer.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a registrar reply as JSON", e);
        }
    }
}
