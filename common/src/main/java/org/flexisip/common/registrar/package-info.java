/**
 * The registrar database (spec/registrar-db.md): the integration contract between the proxy (which binds), and
 * the presence, conference and regevent roles (which read and watch). The model ({@link
 * org.flexisip.common.registrar.Binding}, {@link org.flexisip.common.registrar.Record}), the binding rules of
 * spec/proxy.md §12 shared by every backend ({@link org.flexisip.common.registrar.BindingRules}), and the
 * asynchronous {@link org.flexisip.common.registrar.RegistrarDb} interface. Backends complete their futures on
 * their own threads: callers hop back to their loop.
 */
package org.flexisip.common.registrar;
