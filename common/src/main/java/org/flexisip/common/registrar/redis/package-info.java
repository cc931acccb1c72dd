/**
 * The Redis backend of the registrar database ({@code module::Registrar/db-implementation=redis},
 * spec/registrar-db.md §4): {@link org.flexisip.common.registrar.redis.RedisRegistrarDb} over the Vert.x Redis
 * client, configured by {@link org.flexisip.common.registrar.redis.RedisSettings}. Its Redis layout is Flexisip's,
 * so that Java and C++ nodes can share one Redis.
 */
package org.flexisip.common.registrar.redis;
