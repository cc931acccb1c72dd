/**
 * Plugins (spec/global.md §2.3): {@code global/plugins=name} loads {@code <plugins-dir>/name.jar} or
 * {@code lib<name>.jar}, each in its own class loader whose parent is the role's. What a plugin provides is
 * found with {@link java.util.ServiceLoader} by the role that uses it (the proxy's modules).
 */
package org.flexisip.common.plugin;
