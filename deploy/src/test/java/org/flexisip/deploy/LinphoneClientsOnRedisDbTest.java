package org.flexisip.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.flexisip.common.registrar.redis.RedisServer;

/** {@link LinphoneClientsTest} on the {@code redis} registrar database: a real redis-server on a free port. */
class LinphoneClientsOnRedisDbTest extends LinphoneClientsTest {
    private RedisServer redis;

    @Override
    List<String> registrarDatabase() throws IOException {
        if (redis == null) {
            redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")));
        }
        return List.of("module::Registrar/db-implementation=redis",
                "module::Registrar/redis-server-domain=127.0.0.1",
                "module::Registrar/redis-server-port=" + redis.port());
    }

    @Override
    void stopRegistrarDatabase() {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }
}
