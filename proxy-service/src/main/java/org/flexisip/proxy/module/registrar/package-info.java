/**
 * {@code module::Registrar} (spec/proxy.md §12): REGISTER handling for the served domains over the shared registrar
 * database, expiry policy, {@code reg-domains} matching and the static records of spec/registrar-db.md §6.
 */
package org.flexisip.proxy.module.registrar;
