package org.flexisip.proxy.agent;

import org.flexisip.proxy.module.registrar.RegistrarBackend;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RouterForkingTest} on a real redis-server. */
class RouterForkingOnRedisDbTest extends RouterForkingTest {
    @RegisterExtension
    static final RegistrarBackend BACKEND = RegistrarBackend.redis();

    @Override
    RegistrarBackend backend() {
        return BACKEND;
    }
}
