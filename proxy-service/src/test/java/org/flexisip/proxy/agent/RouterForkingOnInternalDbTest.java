package org.flexisip.proxy.agent;

import org.flexisip.proxy.module.registrar.RegistrarBackend;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RouterForkingTest} on the in-memory database. */
class RouterForkingOnInternalDbTest extends RouterForkingTest {
    @RegisterExtension
    static final RegistrarBackend BACKEND = RegistrarBackend.internal();

    @Override
    RegistrarBackend backend() {
        return BACKEND;
    }
}
