package org.flexisip.common.registrar.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.flexisip.common.config.ConfigLoader;
import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.schema.StandardSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisSettingsTest {
    @TempDir
    Path dir;

    private ConfigSection registrar(String content) throws Exception {
        Path file = Files.writeString(dir.resolve("flexisip.conf"), content);
        return new ConfigLoader(StandardSchema.build("test"), Role.PROXY).load(ConfigSources.ofFile(file), () -> "")
                .config().section("module::Registrar").orElseThrow();
    }

    @Test
    void defaultsAreThoseOfModuleRegistrar() throws Exception {
        RedisSettings settings = RedisSettings.from(registrar("[module::Registrar]\n"));
        assertEquals(new RedisSettings("localhost", 6379, "", "", Duration.ofSeconds(60), true,
                Duration.ofSeconds(60)), settings);
    }

    @Test
    void readsEveryRedisParameter() throws Exception {
        RedisSettings settings = RedisSettings.from(registrar("""
                [module::Registrar]
                db-implementation=redis
                redis-server-domain=redis.example.org
                redis-server-port=6390
                redis-auth-user=flexisip
                redis-auth-password=secret
                redis-slave-check-period=30
                redis-use-slaves-as-backup=false
                redis-subscription-keep-alive-check-period=20
                """));
        assertEquals(new RedisSettings("redis.example.org", 6390, "flexisip", "secret", Duration.ofSeconds(30), false,
                Duration.ofSeconds(20)), settings);
    }

    @Test
    void toStringHidesThePassword() {
        String text = RedisSettings.of("localhost", 6379).withAuth("flexisip", "secret").toString();
        assertFalse(text.contains("secret"), text);
        assertTrue(text.contains("flexisip"), text);
    }

    @Test
    void refusesAKeepAlivePeriodOfZero() {
        assertThrows(IllegalArgumentException.class,
                () -> RedisSettings.of("localhost", 6379).withSubscriptionKeepAlive(Duration.ZERO));
    }
}
