package org.flexisip.proxy.module.registrar;

import java.util.OptionalLong;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.proxy.module.ModuleConfigurationException;

/**
 * The expiry a REGISTER is granted (spec/proxy.md §12 rules 6 and 11), in seconds.
 * <ol>
 * <li>The {@code Expires} header is clamped into [{@code min-expires}, {@code max-expires}]: 0 stays 0 (removal),
 * a value below the minimum is raised to it (no {@code 423 Interval Too Brief}, as in 2.4).</li>
 * <li>Without the header, {@code default-expires}, itself clamped into the same bounds, so that every non-zero
 * grant lies within them.</li>
 * <li>A contact {@code expires} parameter overrides the header for that contact. 2.4 does not clamp it; we do
 * better and clamp it the same way (0 stays 0).</li>
 * <li>{@code force-expires} &gt; 0 replaces every non-zero value.</li>
 * <li>{@code register-expire-randomizer-max} = N &gt; 0: each non-zero grant is reduced by a percentage drawn
 * once per REGISTER from 0 to N, to spread re-registrations; it never falls below 1 s, which would be a removal.
 * </li>
 * </ol>
 *
 * @param min           {@code min-expires}
 * @param max           {@code max-expires}, not below {@code min}
 * @param byDefault     {@code default-expires} in whole seconds
 * @param force         {@code force-expires}, 0 when off
 * @param randomizerMax {@code register-expire-randomizer-max}, a percentage from 0 (off) to 100
 */
record ExpiryPolicy(long min, long max, long byDefault, long force, int randomizerMax) {

    ExpiryPolicy {
        if (max < min) {
            throw new IllegalArgumentException("max-expires " + max + " is below min-expires " + min);
        }
    }

    /** From {@code module::Registrar}; {@code max-expires} below {@code min-expires} refuses the start. */
    static ExpiryPolicy from(ConfigSection registrar) throws ModuleConfigurationException {
        long min = registrar.getDuration("min-expires").toSeconds();
        long max = registrar.getDuration("max-expires").toSeconds();
        if (max < min) {
            throw new ModuleConfigurationException("module::Registrar/max-expires: " + max
                    + " s is below min-expires (" + min + " s)");
        }
        return new ExpiryPolicy(min, max, registrar.getDuration("default-expires").toSeconds(),
                registrar.getDuration("force-expires").toSeconds(), registrar.getInt("register-expire-randomizer-max"));
    }

    /** {@code seconds} within the bounds; 0 stays 0. */
    long clamp(long seconds) {
        if (seconds <= 0) {
            return 0;
        }
        return Math.min(Math.max(seconds, min), max);
    }

    /** The expiry of the request (its {@code Expires} header, else the default), before the randomizer. */
    long main(OptionalLong header) {
        long granted = header.isPresent() ? clamp(header.getAsLong()) : Math.min(Math.max(byDefault, min), max);
        return forced(granted);
    }

    /** The expiry of one contact: its {@code expires} parameter, else {@code main}; before the randomizer. */
    long contact(OptionalLong parameter, long main) {
        return parameter.isPresent() ? forced(clamp(parameter.getAsLong())) : main;
    }

    /** Rule 11: {@code seconds} reduced by {@code percent} %, at least 1 s; 0 stays 0. */
    static long reduce(long seconds, int percent) {
        if (seconds <= 0 || percent <= 0) {
            return seconds;
        }
        return Math.max(1, seconds - seconds * percent / 100);
    }

    private long forced(long seconds) {
        return force > 0 && seconds > 0 ? force : seconds;
    }
}
