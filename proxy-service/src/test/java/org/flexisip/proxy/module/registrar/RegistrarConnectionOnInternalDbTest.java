package org.flexisip.proxy.module.registrar;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RegistrarConnectionTest} on the in-memory database. */
class RegistrarConnectionOnInternalDbTest extends RegistrarConnectionTest {
    @RegisterExtension
    static final RegistrarBackend BACKEND = RegistrarBackend.internal();

    @Override
    RegistrarBackend backend() {
        return BACKEND;
    }
}
