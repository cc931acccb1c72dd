package org.flexisip.proxy.module.registrar;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RegistrarConnectionTest} on a real redis-server. */
class RegistrarConnectionOnRedisDbTest extends RegistrarConnectionTest {
    @RegisterExtension
    static final RegistrarBackend BACKEND = RegistrarBackend.redis();

    @Override
    RegistrarBackend backend() {
        return BACKEND;
    }
}
