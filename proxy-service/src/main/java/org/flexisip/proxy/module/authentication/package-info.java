/**
 * {@code module::Authentication} (spec/proxy.md §8): HTTP digest authentication of requests (RFC 3261 §22, RFC
 * 2617, RFC 7616) for the domains of {@code auth-domains}, with passwords from a {@link
 * org.flexisip.proxy.module.authentication.PasswordBackend} (the password file of {@code file-path}).
 */
package org.flexisip.proxy.module.authentication;
