package org.flexisip.proxy.module.registrar;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link StaticRecordsBinderTest} on the in-memory database. */
class StaticRecordsBinderOnInternalDbTest extends StaticRecordsBinderTest {
    @RegisterExtension
    static final RegistrarBackend BACKEND = RegistrarBackend.internal();

    @Override
    RegistrarBackend backend() {
        return BACKEND;
    }
}
