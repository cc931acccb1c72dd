package org.flexisip.proxy.module;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;

/**
 * What a module is built with.
 *
 * @param section  its {@code [module::<Name>]} section
 * @param config   the whole configuration (for the parameters of other sections it reads)
 * @param services the proxy core
 */
public record ModuleContext(ConfigSection section, FlexisipConfig config, ProxyServices services) {
}
