package org.flexisip.proxy.module.authentication;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the Authentication module finds passwords (spec/proxy.md §8, {@code db-implementation}). Lookups are
 * asynchronous (rule 10): the future may complete on any thread; the module comes back to the SIP loop itself.
 */
public interface PasswordBackend {

    /**
     * The account whose authentication user name is {@code userId} in {@code domain}; empty when there is none.
     * Never fails for an unknown user; a failing backend completes exceptionally.
     */
    CompletableFuture<Optional<Account>> lookup(String userId, String domain);

    /** Every 5 s on the SIP loop: refresh from the source if it is due (must not block). */
    default void onIdle() {
    }

    default void close() {
    }
}
