package org.flexisip.common.registrar.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer to {@code INFO replication} (spec/registrar-db.md §4.10), as far as the registrar uses it:
 * <pre>
 * role:slave                role:master
 * master_host:192.0.2.1     connected_slaves:1
 * master_port:6379          slave0:ip=192.0.2.2,port=6379,state=online,offset=42,lag=0
 * master_link_status:up
 * </pre>
 *
 * @param replica      the server is a replica ({@code role:slave})
 * @param master       the master of a replica, when it names one
 * @param masterLinkUp the replica is connected to its master ({@code master_link_status:up})
 * @param replicas     the online replicas of a master, in their order
 */
record ReplicationInfo(boolean replica, Optional<RedisEndpoint> master, boolean masterLinkUp,
        List<RedisEndpoint> replicas) {

    ReplicationInfo {
        replicas = List.copyOf(replicas);
    }

    /** Reads the text; unknown or malformed lines are ignored. */
    static ReplicationInfo parse(String text) {
        Map<String, String> fields = new HashMap<>();
        List<RedisEndpoint> replicas = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (line.startsWith("#") || colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.matches("slave[0-9]+")) {
                replica(value).ifPresent(replicas::add);
            } else {
                fields.put(name, value);
            }
        }
        boolean isReplica = "slave".equals(fields.get("role"));
        Optional<RedisEndpoint> master = Optional.empty();
        String host = fields.get("master_host");
        Optional<Integer> port = port(fields.get("master_port"));
        if (isReplica && host != null && !host.isEmpty() && port.isPresent()) {
            master = Optional.of(new RedisEndpoint(host, port.get()));
        }
        return new ReplicationInfo(isReplica, master, "up".equals(fields.get("master_link_status")),
                isReplica ? List.of() : replicas);
    }

    /** {@code ip=192.0.2.2,port=6379,state=online,...}: the replica when it is online. */
    private static Optional<RedisEndpoint> replica(String value) {
        Map<String, String> attributes = new HashMap<>();
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                attributes.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        String ip = attributes.get("ip");
        Optional<Integer> port = port(attributes.get("port"));
        if (ip == null || ip.isEmpty() || port.isEmpty() || !"online".equals(attributes.get("state"))) {
            return Optional.empty();
        }
        return Optional.of(new RedisEndpoint(ip, port.get()));
    }

    private static Optional<Integer> port(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(text);
            return port > 0 && port <= 65535 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
