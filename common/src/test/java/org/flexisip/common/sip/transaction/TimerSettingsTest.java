package org.flexisip.common.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TimerSettingsTest {
    private final TimerSettings rfc = TimerSettings.rfc3261();

    @Test
    void rfc3261ValuesAreThoseOfTable4() {
        assertEquals(Duration.ofMillis(500), rfc.t1());
        assertEquals(Duration.ofSeconds(4), rfc.t2());
        assertEquals(Duration.ofSeconds(5), rfc.t4());
        assertEquals(Duration.ofSeconds(32), rfc.transactionTimeout());
    }

    @Test
    void derivedTimersOnUnreliableTransports() {
        assertEquals(Duration.ofMillis(500), rfc.timerA());
        assertEquals(Duration.ofSeconds(32), rfc.timerB());
        assertEquals(Duration.ofSeconds(32), rfc.timerD(false));
        assertEquals(Duration.ofMillis(500), rfc.timerE());
        assertEquals(Duration.ofSeconds(32), rfc.timerF());
        assertEquals(Duration.ofMillis(500), rfc.timerG());
        assertEquals(Duration.ofSeconds(32), rfc.timerH());
        assertEquals(Duration.ofSeconds(5), rfc.timerI(false));
        assertEquals(Duration.ofSeconds(32), rfc.timerJ(false));
        assertEquals(Duration.ofSeconds(5), rfc.timerK(false));
        assertEquals(Duration.ofSeconds(32), rfc.timerL());
        assertEquals(Duration.ofSeconds(32), rfc.timerM());
    }

    @Test
    void waitTimersAreZeroOnReliableTransports() {
        assertEquals(Duration.ZERO, rfc.timerD(true));
        assertEquals(Duration.ZERO, rfc.timerI(true));
        assertEquals(Duration.ZERO, rfc.timerJ(true));
        assertEquals(Duration.ZERO, rfc.timerK(true));
    }

    @Test
    void transactionTimeoutDrivesTheSixtyFourT1Timers() {
        TimerSettings s = rfc.withTransactionTimeout(Duration.ofSeconds(4));
        for (Duration d : new Duration[] {s.timerB(), s.timerF(), s.timerH(), s.timerJ(false), s.timerL(),
                s.timerM()}) {
            assertEquals(Duration.ofSeconds(4), d);
        }
        assertEquals(Duration.ofSeconds(32), s.timerD(false));
        assertEquals(Duration.ofSeconds(5), s.timerK(false));
    }

    @Test
    void cappedIntervalDoublesUpToT2() {
        Duration d = rfc.timerE();
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            seen.append(d.toMillis()).append(' ');
            d = rfc.nextCappedInterval(d);
        }
        assertEquals("500 1000 2000 4000 4000 4000 ", seen.toString());
    }

    @Test
    void refusesNonPositiveValuesAndT2BelowT1() {
        assertThrows(IllegalArgumentException.class, () -> rfc.withTransactionTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new TimerSettings(Duration.ofSeconds(5), Duration.ofSeconds(4), TimerSettings.T4,
                        TimerSettings.DEFAULT_TRANSACTION_TIMEOUT));
    }
}
