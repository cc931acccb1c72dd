package org.flexisip.proxy.module.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.proxy.testing.TestMessages;
import org.junit.jupiter.api.Test;

class BestResponseTest {

    private static List<SipResponse> responses(int... codes) {
        return Arrays.stream(codes).mapToObj(c -> (SipResponse) TestMessages.parse("SIP/2.0 " + c + " X\n"
                + "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1\nFrom: <sip:a@example.org>;tag=1\n"
                + "To: <sip:b@example.org>;tag=2\nCall-ID: c\nCSeq: 1 INVITE\nContent-Length: 0\n\n")).toList();
    }

    private static int best(int... codes) {
        return BestResponse.of(responses(codes)).orElseThrow().statusCode();
    }

    @Test
    void aGlobalFailureBeatsEverythingButA2xxAndTheLowest6xxWins() {
        assertEquals(600, best(420, 300, 603, 600, 301, 504));
    }

    @Test
    void aUsefulFailureBeatsAnOther4xxAnd503IsLeftForLast() {
        assertEquals(407, best(503, 505, 410, 400, 407, 401));
    }

    @Test
    void theFirstRedirectionOfItsClassIsKept() {
        assertEquals(302, best(503, 302, 300));
    }

    @Test
    void a2xxBeatsAGlobalFailure() {
        assertEquals(200, best(603, 200));
    }

    @Test
    void unavailableAndTimeoutAreChosenOnlyWhenNothingElseRemains() {
        assertEquals(408, best(408, 503));
        assertEquals(486, best(503, 486, 408));
    }

    @Test
    void noFinalResponseGivesNone() {
        assertTrue(BestResponse.of(List.of()).isEmpty());
    }
}
