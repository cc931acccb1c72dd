package org.flexisip.common.registrar.redis;

import java.time.Duration;
import java.util.Objects;

import org.flexisip.common.config.ConfigSection;

/**
 * The {@code module::Registrar} parameters of the Redis registrar database (spec/proxy.md §12,
 * spec/registrar-db.md §4.8–§4.10).
 *
 * @param host                  {@code redis-server-domain}: host name or address of the Redis master
 * @param port                  {@code redis-server-port}
 * @param authUser              {@code redis-auth-user}: ACL user, empty for the password-only {@code AUTH}
 * @param authPassword          {@code redis-auth-password}: empty for no authentication
 * @param slaveCheckPeriod      {@code redis-slave-check-period}: how often {@code INFO replication} is read (also
 *                              at each connection); 0 reads it only then
 * @param useSlavesAsBackup     {@code redis-use-slaves-as-backup}: connect to a known replica when the master is
 *                              lost (reads work, writes fail until a master is back)
 * @param subscriptionKeepAlive {@code redis-subscription-keep-alive-check-period}: how often the subscription
 *                              connection is pinged; above 0
 */
public record RedisSettings(String host, int port, String authUser, String authPassword, Duration slaveCheckPeriod,
        boolean useSlavesAsBackup, Duration subscriptionKeepAlive) {

    public RedisSettings {
        Objects.requireNonNull(host, "host");
        authUser = authUser == null ? "" : authUser;
        authPassword = authPassword == null ? "" : authPassword;
        Objects.requireNonNull(slaveCheckPeriod, "slaveCheckPeriod");
        Objects.requireNonNull(subscriptionKeepAlive, "subscriptionKeepAlive");
        if (host.isBlank()) {
            throw new IllegalArgumentException("redis-server-domain is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("redis-server-port out of 1..65535: " + port);
        }
        if (subscriptionKeepAlive.isNegative() || subscriptionKeepAlive.isZero()) {
            throw new IllegalArgumentException(
                    "redis-subscription-keep-alive-check-period must be above 0: " + subscriptionKeepAlive);
        }
        if (slaveCheckPeriod.isNegative()) {
            throw new IllegalArgumentException("redis-slave-check-period is negative: " + slaveCheckPeriod);
        }
    }

    /** Reads the {@code redis-*} parameters of a loaded {@code module::Registrar} section. */
    public static RedisSettings from(ConfigSection registrar) {
        return new RedisSettings(registrar.getString("redis-server-domain"), registrar.getInt("redis-server-port"),
                registrar.getString("redis-auth-user"), registrar.getString("redis-auth-password"),
                registrar.getDuration("redis-slave-check-period"),
                registrar.getBoolean("redis-use-slaves-as-backup"),
                registrar.getDuration("redis-subscription-keep-alive-check-period"));
    }

    /** The master at {@code host:port}, no authentication, the defaults of spec/proxy.md §12 otherwise. */
    public static RedisSettings of(String host, int port) {
        return new RedisSettings(host, port, "", "", Duration.ofSeconds(60), true, Duration.ofSeconds(60));
    }

    public RedisSettings withAuth(String user, String password) {
        return new RedisSettings(host, port, user, password, slaveCheckPeriod, useSlavesAsBackup,
                subscriptionKeepAlive);
    }

    public RedisSettings withSlaveCheckPeriod(Duration period) {
        return new RedisSettings(host, port, authUser, authPassword, period, useSlavesAsBackup, subscriptionKeepAlive);
    }

    public RedisSettings withSubscriptionKeepAlive(Duration period) {
        return new RedisSettings(host, port, authUser, authPassword, slaveCheckPeriod, useSlavesAsBackup, period);
    }

    /** Never shows the password (the settings are logged). */
    @Override
    public String toString() {
        return "RedisSettings[host=" + host + ", port=" + port + ", authUser=" + authUser + ", authPassword="
                + (authPassword.isEmpty() ? "" : "***") + ", slaveCheckPeriod=" + slaveCheckPeriod
                + ", useSlavesAsBackup=" + useSlavesAsBackup + ", subscriptionKeepAlive=" + subscriptionKeepAlive
                + "]";
    }
}
