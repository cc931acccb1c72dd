package org.flexisip.proxy.module.registrar;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link StaticRecordsBinderTest} on a real redis-server. */
class StaticRecordsBinderOnRedisDbTest extends StaticRecordsBinderTest {
    @RegisterExtension
    static final RegistrarBackend BACKEND = RegistrarBackend.redis();

    @Override
    RegistrarBackend backend() {
        return BACKEND;
    }
}
