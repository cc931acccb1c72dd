package org.flexisip.proxy.module.registrar;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RegistrarTest} on a real redis-server. */
class RegistrarOnRedisDbTest extends RegistrarTest {
    @RegisterExtension
    static final RegistrarBackend BACKEND = RegistrarBackend.redis();

    @Override
    RegistrarBackend backend() {
        return BACKEND;
    }
}
