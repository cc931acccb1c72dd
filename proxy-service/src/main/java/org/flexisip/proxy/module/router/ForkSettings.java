package org.flexisip.proxy.module.router;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.flexisip.common.config.ConfigSection;

/** The {@code module::Router} parameters a fork follows (spec/proxy.md §14). */
record ForkSettings(boolean forkLate, boolean noGlobalDecline, Set<Integer> urgentCodes, boolean allUrgent,
        Duration callTimeout, Duration urgentTimeout, Duration currentBranchesTimeout, boolean messageForkLate,
        Duration messageDeliveryTimeout, Duration messageAcceptTimeout) {

    /** Failures a caller should hear about soon (rule 13), without 603 unless treat-decline-as-urgent. */
    static final Set<Integer> URGENT = Set.of(401, 407, 415, 420, 484, 488, 606);

    static ForkSettings from(ConfigSection router) {
        Set<Integer> urgent = new HashSet<>(URGENT);
        if (router.getBoolean("treat-decline-as-urgent")) {
            urgent.add(603);
        }
        return new ForkSettings(router.getBoolean("fork-late"), router.getBoolean("fork-no-global-decline"),
                Set.copyOf(urgent), router.getBoolean("treat-all-as-urgent"), router.getDuration("call-fork-timeout"),
                router.getDuration("call-fork-urgent-timeout"), router.getDuration("call-fork-current-branches-timeout"),
                router.getBoolean("message-fork-late"), router.getDuration("message-delivery-timeout"),
                router.getDuration("message-accept-timeout"));
    }

    boolean isUrgent(int status) {
        return status >= 300 && (allUrgent || urgentCodes.contains(status));
    }
}
