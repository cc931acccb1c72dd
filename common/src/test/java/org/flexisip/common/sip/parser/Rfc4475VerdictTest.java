package org.flexisip.common.sip.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every RFC 4475 message gets the verdict of {@code torture/rfc4475/MANIFEST.md}: accepted, refused with the
 * stated status, or dropped (a response, or a request missing what an answer needs).
 */
class Rfc4475VerdictTest {
    private final SipMessageParser parser = new SipMessageParser();

    /** 0 means "parsed as a message", -1 "dropped", else the status of the refusal. */
    static Stream<Arguments> verdicts() {
        return Stream.of(
                // 3.1.1 valid
                Arguments.of("wsinv.dat", 0), Arguments.of("intmeth.dat", 0), Arguments.of("esc01.dat", 0),
                Arguments.of("escnull.dat", 0), Arguments.of("esc02.dat", 0), Arguments.of("lwsdisp.dat", 0),
                Arguments.of("longreq.dat", 0), Arguments.of("dblreq.dat", 0), Arguments.of("semiuri.dat", 0),
                Arguments.of("transports.dat", 0), Arguments.of("mpart01.dat", 0), Arguments.of("unreason.dat", 0),
                Arguments.of("noreason.dat", 0),
                // 3.1.2 invalid syntax
                Arguments.of("badinv01.dat", 400), Arguments.of("clerr.dat", 400), Arguments.of("ncl.dat", 400),
                Arguments.of("scalar02.dat", 400), Arguments.of("scalarlg.dat", -1), Arguments.of("quotbal.dat", 400),
                Arguments.of("ltgtruri.dat", 400), Arguments.of("lwsruri.dat", 400), Arguments.of("lwsstart.dat", 400),
                Arguments.of("trws.dat", 400), Arguments.of("escruri.dat", 400),
                // Date is not used by this stack, so the bad time zone is ignored (the RFC allows it).
                Arguments.of("baddate.dat", 0),
                Arguments.of("regbadct.dat", 400), Arguments.of("badaspec.dat", 400), Arguments.of("baddn.dat", 400),
                Arguments.of("badvers.dat", 505), Arguments.of("mismatch01.dat", 400),
                Arguments.of("mismatch02.dat", 400), Arguments.of("bigcode.dat", -1),
                // 3.2 transaction layer
                Arguments.of("badbranch.dat", 0),
                // 3.3 application layer: the parser accepts what the layers above refuse
                Arguments.of("insuf.dat", -1), Arguments.of("unkscm.dat", 0), Arguments.of("novelsc.dat", 0),
                Arguments.of("unksm2.dat", 0), Arguments.of("bext01.dat", 0), Arguments.of("invut.dat", 0),
                Arguments.of("regaut01.dat", 0), Arguments.of("multi01.dat", 400), Arguments.of("mcl01.dat", 400),
                Arguments.of("bcast.dat", 0), Arguments.of("zeromf.dat", 0), Arguments.of("cparam01.dat", 0),
                Arguments.of("cparam02.dat", 0), Arguments.of("regescrt.dat", 0), Arguments.of("sdp01.dat", 0),
                // 3.4 backward compatibility
                Arguments.of("inv2543.dat", 0),
                // not in the RFC: no Via, no CSeq, a line without ':'
                Arguments.of("test.dat", -1));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("verdicts")
    void datagramGetsTheVerdictOfTheManifest(String file, int verdict) {
        Decoded d = parser.parseDatagram(TortureMessages.bytes("rfc4475/" + file));
        if (verdict == 0) {
            assertInstanceOf(Decoded.Message.class, d, () -> file + ": " + d);
        } else if (verdict < 0) {
            assertInstanceOf(Decoded.Dropped.class, d, () -> file + ": " + d);
        } else {
            Decoded.Rejected r = assertInstanceOf(Decoded.Rejected.class, d, () -> file + ": " + d);
            assertEquals(verdict, r.statusCode(), r.reason());
            assertEquals(verdict, r.response().statusCode());
        }
    }
}
