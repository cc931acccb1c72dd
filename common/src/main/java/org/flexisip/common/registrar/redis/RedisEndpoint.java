package org.flexisip.common.registrar.redis;

/** A Redis server address: the configured master, or a master or replica named by {@code INFO replication}. */
record RedisEndpoint(String host, int port) {

    /** {@code redis://host:port}, an IPv6 address in brackets. */
    String uri() {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "redis://" + h + ":" + port;
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
