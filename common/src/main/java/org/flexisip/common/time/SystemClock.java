package org.flexisip.common.time;

import java.time.Instant;

/** The host clocks, behind {@link SipClock#system()}: the one place of the core that reads them. */
enum SystemClock implements SipClock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }
}
