package org.flexisip.common.sip.uri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

import org.flexisip.common.sip.grammar.SipScanner;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input: parsing either succeeds or fails with a {@link SipSyntaxException} inside the text,
 * never with another exception; what parses prints as its text and rebuilds to an equal URI. Fixed seeds, bounded
 * counts.
 */
class UriFuzzTest {
    private static final String ALPHABET = "sipSIPtel:+@%;=?&,.-_[]<>\"\\ \t0123456789abcdefABCDEF/!~*'()$#";
    private static final String[] SEEDS = {
        "sip:alice:secret@atlanta.com:5060;transport=tcp;lr?subject=project%20x&priority=urgent",
        "sips:%61lice@[2001:db8::10]:5070;maddr=239.255.255.1",
        "sip:user;par=u%40example.net@example.com",
        "sip:[::ffff:192.0.2.2];user=phone",
        "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
        "tel:+1-201-555-0123;ext=12;phone-context=example.com",
        "soap.beep://192.0.2.103:3002",
        "\"J Rosenberg \\\\\\\"\" <sip:jdrosen@example.com>;tag=98asjd8",
        "caller<sip:caller@example.com;lr>",
        "sip:user@example.com?Route=%3Csip:sip.example.com%3E",
    };
    private static final int ROUNDS = 20_000;

    @Test
    void randomTextOnlyEverFailsWithSipSyntaxException() {
        Random random = new Random(4475);
        for (int round = 0; round < ROUNDS; round++) {
            char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = random.nextInt(10) == 0 ? (char) random.nextInt(0x300)
                        : ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            String text = (random.nextBoolean() ? "sip:" : "") + new String(chars);
            check(text);
        }
    }

    @Test
    void mutatedUrisOnlyEverFailWithSipSyntaxException() {
        Random random = new Random(5118);
        for (int round = 0; round < ROUNDS; round++) {
            StringBuilder text = new StringBuilder(SEEDS[random.nextInt(SEEDS.length)]);
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations && text.length() > 0; m++) {
                int at = random.nextInt(text.length());
                char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, c);
                    case 1 -> text.insert(at, c);
                    default -> text.deleteCharAt(at);
                }
            }
            check(text.toString());
        }
    }

    private static void check(String text) {
        try {
            Uri uri = Uri.parse(text);
            assertEquals(text, uri.toString());
            assertEquals(uri, uri);
            if (uri instanceof SipUri sip) {
                SipUri rebuilt = sip.toBuilder().port(1).build();
                SipUri reparsed = SipUri.parse(rebuilt.toString());
                assertEquals(rebuilt, reparsed, text);
                assertEquals(rebuilt.hashCode(), reparsed.hashCode(), text);
                assertEquals(rebuilt.user(), reparsed.user(), text);
                assertEquals(rebuilt.parameters(), reparsed.parameters(), text);
                assertEquals(rebuilt.headers(), reparsed.headers(), text);
            }
        } catch (SipSyntaxException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= text.length(), text);
        } catch (RuntimeException e) {
            fail("Uri.parse threw " + e + " on " + text, e);
        }
        try {
            SipScanner scanner = new SipScanner(text);
            NameAddr address = NameAddr.parse(scanner);
            assertTrue(scanner.position() <= text.length());
            NameAddr reparsed = NameAddr.parse(new SipScanner(address.toString()));
            assertEquals(address.displayName(), reparsed.displayName(), text);
            assertEquals(address.uri(), reparsed.uri(), text);
        } catch (SipSyntaxException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= text.length(), text);
        } catch (RuntimeException e) {
            fail("NameAddr.parse threw " + e + " on " + text, e);
        }
    }
}
