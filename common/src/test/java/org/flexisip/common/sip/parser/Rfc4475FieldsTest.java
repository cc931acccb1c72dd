package org.flexisip.common.sip.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.header.ViaHeader;
import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.uri.OpaqueUri;
import org.flexisip.common.sip.uri.SipUri;
import org.junit.jupiter.api.Test;

/** The fields RFC 4475 points at in each message the parser must accept. */
class Rfc4475FieldsTest {
    private final SipMessageParser parser = new SipMessageParser();

    private SipMessage parse(String file) {
        Decoded d = parser.parseDatagram(TortureMessages.bytes("rfc4475/" + file));
        return assertInstanceOf(Decoded.Message.class, d, () -> file + ": " + d).message();
    }

    private SipRequest request(String file) {
        return assertInstanceOf(SipRequest.class, parse(file));
    }

    private static SipUri sip(AddressHeader h) {
        return assertInstanceOf(SipUri.class, h.uri());
    }

    @Test
    void wsinvReadsFoldedLinesAndOddSpacing() {
        SipRequest m = request("wsinv.dat");
        assertEquals(68, m.maxForwards().getAsInt());
        assertEquals(9, m.cseq().number());
        assertEquals("INVITE", m.cseq().method());
        assertEquals("J Rosenberg \\\"", m.from().displayName().orElseThrow());
        assertEquals("Quoted string \"\"", m.contacts().get(0).displayName().orElseThrow());
        assertEquals(3, m.vias().size());
        assertEquals(0.33, m.contacts().get(0).q().orElseThrow(), 1e-9);
        assertEquals(";;,,;;,;", m.headerValue("UnknownHeaderWithUnusualValue").orElseThrow());
        assertTrue(((SipUri) m.requestUri()).hasParameter("unknownparam"));
        assertEquals("", m.headerValue("Subject").orElseThrow());
        assertEquals(150, m.bodyLength());
    }

    @Test
    void intmethKeepsTheWideCharacterMethodAndCallIdLiterally() {
        SipRequest m = request("intmeth.dat");
        assertEquals("!interesting-Method0123456789_*+`.%indeed'~", m.method());
        assertEquals("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", m.callId());
        String to = m.to().displayName().orElseThrow();
        assertTrue(to.indexOf('\u0000') >= 0 && to.indexOf('\u0007') >= 0 && to.indexOf('\u007f') >= 0, to);
    }

    @Test
    void esc01UnescapesUserPartsOnce() {
        SipRequest m = request("esc01.dat");
        assertEquals("sips:user@example.com", ((SipUri) m.requestUri()).user().orElseThrow());
        assertEquals("user", sip(m.to()).user().orElseThrow());
        assertEquals("I have spaces", sip(m.from()).user().orElseThrow());
        SipUri contact = sip(m.contacts().get(0));
        assertEquals("caller", contact.user().orElseThrow());
        assertTrue(contact.lr());
    }

    @Test
    void escnullKeepsEscapedNullsAndRegistersTwoContacts() {
        SipRequest m = request("escnull.dat");
        assertEquals("null-\u0000-null", sip(m.to()).user().orElseThrow());
        assertEquals(2, m.contacts().size());
        assertFalse(m.contacts().get(0).uri().equals(m.contacts().get(1).uri()));
    }

    @Test
    void esc02TreatsPercentMethodAsUnknownAndEscapedHeaderNameAsExtension() {
        SipRequest m = request("esc02.dat");
        assertEquals("RE%47IST%45R", m.method());
        assertEquals(2, m.contacts().size());
        assertTrue(m.topVia().branch().orElseThrow().contains("%fz"));
    }

    @Test
    void lwsdispAcceptsNoSpaceBeforeTheAngleBracket() {
        assertEquals("caller", request("lwsdisp.dat").from().displayName().orElseThrow());
    }

    @Test
    void longreqReadsThirtyFourViasAndCompactContentLength() {
        SipRequest m = request("longreq.dat");
        assertEquals(34, m.vias().size());
        assertEquals(150, m.bodyLength());
    }

    @Test
    void dblreqDiscardsTheTrailingBytesOfTheDatagram() {
        SipRequest m = request("dblreq.dat");
        assertEquals("REGISTER", m.method());
        assertEquals(0, m.bodyLength());
        assertFalse(new String(m.toBytes(), StandardCharsets.ISO_8859_1).contains("INVITE"));
    }

    @Test
    void semiuriKeepsTheSemicolonInTheUserPart() {
        SipUri uri = (SipUri) request("semiuri.dat").requestUri();
        assertEquals("user;par=u@example.net", uri.user().orElseThrow());
        assertEquals("example.com", uri.host());
        assertFalse(uri.hasParameter("par"));
    }

    @Test
    void transportsAcceptsUnknownTransportTokens() {
        List<String> transports = request("transports.dat").vias().stream().map(ViaHeader::transport).toList();
        assertEquals(List.of("UDP", "SCTP", "TLS", "UNKNOWN", "TCP"), transports);
    }

    @Test
    void mpart01FramesTheBinaryBodyByContentLength() {
        SipRequest m = request("mpart01.dat");
        assertTrue(m.contentType().orElseThrow().is("multipart/mixed"));
        assertEquals(553, m.bodyLength());
    }

    @Test
    void unreasonAcceptsAUtf8ReasonPhrase() {
        SipResponse r = assertInstanceOf(SipResponse.class, parse("unreason.dat"));
        assertEquals(200, r.statusCode());
        assertTrue(r.reasonPhrase().startsWith("= 2**3 * 5**2 "), r.reasonPhrase());
        assertTrue(r.reasonPhrase().chars().anyMatch(c -> c >= 0x400 && c <= 0x4FF), r.reasonPhrase());
    }

    @Test
    void noreasonAcceptsAnEmptyReasonPhrase() {
        SipResponse r = assertInstanceOf(SipResponse.class, parse("noreason.dat"));
        assertEquals(100, r.statusCode());
        assertEquals("", r.reasonPhrase());
    }

    @Test
    void badbranchKeepsABranchThatIsOnlyTheMagicCookie() {
        assertEquals("z9hG4bK", request("badbranch.dat").topVia().branch().orElseThrow());
    }

    @Test
    void unkscmAndNovelscKeepUnknownSchemesOpaque() {
        assertEquals("nobodyknowsthisscheme", assertInstanceOf(OpaqueUri.class, request("unkscm.dat").requestUri())
                .scheme());
        assertEquals("soap.beep", assertInstanceOf(OpaqueUri.class, request("novelsc.dat").requestUri()).scheme());
    }

    @Test
    void unksm2AcceptsUnknownSchemesInHeaders() {
        SipRequest m = request("unksm2.dat");
        assertEquals("isbn", m.to().uri().scheme());
        assertEquals("http", m.from().uri().scheme());
        assertEquals("name", m.contacts().get(0).uri().scheme());
    }

    @Test
    void bext01ReadsRequireAndProxyRequire() {
        SipRequest m = request("bext01.dat");
        assertEquals(List.of("nothingSupportsThis", "nothingSupportsThisEither"), m.require());
        assertEquals(List.of("noProxiesSupportThis", "norDoAnyProxiesSupportThis"), m.proxyRequire());
    }

    @Test
    void invutReadsAnUnknownContentType() {
        assertTrue(request("invut.dat").contentType().orElseThrow().is("application/unknownformat"));
    }

    @Test
    void regaut01ReadsAnUnknownAuthorizationScheme() {
        SipRequest m = request("regaut01.dat");
        assertEquals("NoOneKnowsThisScheme", m.authorizations().get(0).scheme());
        assertEquals(0, m.bodyLength());
    }

    @Test
    void bcastReadsTheBroadcastVia() {
        assertEquals("255.255.255.255", parse("bcast.dat").vias().get(1).host());
    }

    @Test
    void zeromfReadsMaxForwardsZero() {
        assertEquals(0, request("zeromf.dat").maxForwards().getAsInt());
    }

    @Test
    void cparam01ReadsUnknownparamAsAContactHeaderParameter() {
        AddressHeader contact = request("cparam01.dat").contacts().get(0);
        assertTrue(contact.params().has("unknownparam"));
        assertFalse(sip(contact).hasParameter("unknownparam"));
    }

    @Test
    void cparam02ReadsUnknownparamAsAUriParameter() {
        AddressHeader contact = request("cparam02.dat").contacts().get(0);
        assertFalse(contact.params().has("unknownparam"));
        assertTrue(sip(contact).hasParameter("unknownparam"));
    }

    @Test
    void regescrtKeepsTheEscapedRouteHeaderOfTheContactUri() {
        SipUri contact = sip(request("regescrt.dat").contacts().get(0));
        assertEquals("Route", contact.headers().get(0).getKey());
        assertEquals("<sip:sip.example.com>", contact.headers().get(0).getValue());
    }

    @Test
    void sdp01ReadsTheAcceptHeader() {
        assertTrue(request("sdp01.dat").accept().get(0).is("text/nobodyKnowsThis"));
    }

    @Test
    void inv2543ReadsRfc2543SyntaxWithTheBodyAsTheRestOfTheDatagram() {
        SipRequest m = request("inv2543.dat");
        assertTrue(m.topVia().branch().isEmpty());
        assertTrue(m.from().tag().isEmpty());
        assertTrue(m.maxForwards().isEmpty());
        assertTrue(m.bodyLength() > 0);
    }

    @Test
    void rejectionReasonsNameTheDefect() {
        Decoded.Rejected mismatch = (Decoded.Rejected) parser.parseDatagram(TortureMessages.bytes("rfc4475/mismatch01.dat"));
        assertTrue(mismatch.reason().contains("CSeq"), mismatch.reason());
        Decoded.Rejected version = (Decoded.Rejected) parser.parseDatagram(TortureMessages.bytes("rfc4475/badvers.dat"));
        assertEquals("Version Not Supported", version.reason());
        Decoded.Rejected scalar = (Decoded.Rejected) parser.parseDatagram(TortureMessages.bytes("rfc4475/scalar02.dat"));
        assertTrue(scalar.reason().contains("CSeq"), scalar.reason());
    }

    @Test
    void aRejectionAnswersWithTheRequestsRoutingHeaders() {
        Decoded.Rejected r = (Decoded.Rejected) parser.parseDatagram(TortureMessages.bytes("rfc4475/ltgtruri.dat"));
        SipResponse answer = r.response();
        assertEquals(400, answer.statusCode());
        assertEquals(1, answer.headers("Call-ID").size());
        assertFalse(answer.vias().isEmpty());
    }
}
