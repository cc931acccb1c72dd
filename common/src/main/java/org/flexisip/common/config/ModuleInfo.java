package org.flexisip.common.config;

/**
 * What a {@code [module::<Name>]} section adds to a plain section (spec/proxy.md §1, §2).
 *
 * @param name             module name, as in {@code module::Registrar}
 * @param snmpLeaf         fixed module number of spec/snmp.md §1
 * @param chainPosition    1-based position in the 2.4 chain order
 * @param enabledByDefault default of {@code enabled}
 * @param defaultFilter    default of {@code filter} (empty = always true)
 * @param experimental     forced disabled unless enabled explicitly; dumped only with --show-experimental
 * @param supported        false for the modules we accept but do not implement: {@code enabled=true} is refused
 */
public record ModuleInfo(
        String name,
        int snmpLeaf,
        int chainPosition,
        boolean enabledByDefault,
        String defaultFilter,
        boolean experimental,
        boolean supported) {
}
