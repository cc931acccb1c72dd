package org.flexisip.proxy.module.registrar;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RegistrarTest} on the in-memory database. */
class RegistrarOnInternalDbTest extends RegistrarTest {
    @RegisterExtension
    static final RegistrarBackend BACKEND = RegistrarBackend.internal();

    @Override
    RegistrarBackend backend() {
        return BACKEND;
    }
}
