package org.flexisip.proxy.module;

/**
 * One link of the chain. Implementations get their {@code [module::<Name>]} section through their
 * {@link ModuleFactory}; {@code enabled} and {@code filter} are applied by the chain before they are called.
 * <p>
 * Errors are outcomes ({@link RequestOutcome#reply(int, String)}); an exception is a bug or bad input the module
 * did not expect: the chain answers it {@code 400} for an invalid message, {@code 500} otherwise (§1.3).
 */
public interface Module {
    /** A request passing the module's filter. Called on the SIP loop. */
    RequestOutcome onRequest(RequestEvent event) throws Exception;

    /** A response passing the module's filter, on its way back; may change it through the event. */
    default ResponseOutcome onResponse(ResponseEvent event) throws Exception {
        return ResponseOutcome.CONTINUE;
    }

    /**
     * Once the proxy runs, on the SIP loop, before the first request: what the module does on its own (the
     * Registrar binds its static records). Never called on a module built only to validate its configuration.
     */
    default void start() {
    }

    /** Every 5 seconds (§1.5): cleanup of the module's own state. */
    default void onIdle() {
    }

    /**
     * On {@code SIGUSR1} (as 2.4): read again what the module reads from files, such as the Registrar's static
     * records. Called on the SIP loop.
     */
    default void reload() {
    }

    /** At shutdown. */
    default void close() {
    }
}
