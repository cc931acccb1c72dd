package org.flexisip.common.app;

import java.util.List;

import org.flexisip.common.config.FlexisipConfig;

/**
 * A role's own checks of a configuration that loaded: each error refuses the start before Quarkus runs (the
 * proxy's modules enabled but not built, a module that cannot start with its parameters...).
 */
@FunctionalInterface
public interface StartCheck {
    StartCheck NONE = config -> List.of();

    /** The errors, each naming the section/parameter at fault; empty when the role can start. */
    List<String> errors(FlexisipConfig config);
}
