package org.flexisip.common.rest;

import java.util.concurrent.CompletableFuture;

/**
 * Admin-socket commands that a role adds to the common ones of {@link AdminCommands} (the proxy's
 * {@code REGISTRAR_*}, spec/config.md §9.2). {@code POST /api/cli} hands a command to the first extension that
 * {@link #handles(String) handles} it; a role without one answers as {@link AdminCommands} does.
 */
public interface CommandExtension {

    /** Whether this extension executes {@code command}, the first word of the line in upper case. */
    boolean handles(String command);

    /**
     * Executes one command without blocking the caller's thread.
     *
     * @param command   the first word of the line, in upper case
     * @param arguments the rest of the line, stripped (empty when there is none)
     * @return the reply text, exactly as the 2.4 admin socket gives it ({@code Error - ...} for a failure); it may
     *         complete on any thread
     */
    CompletableFuture<String> execute(String command, String arguments);
}
