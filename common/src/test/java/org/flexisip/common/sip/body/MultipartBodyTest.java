package org.flexisip.common.sip.body;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MultipartBodyTest {

    private static final String RLMI_BOUNDARY = "50UBfW7LSCVLtggUPef";

    /** An RFC 4662 §5.3-style NOTIFY body: the RLMI root, then one PIDF document per resource. */
    private static final String RLMI_CONTENT_TYPE = "multipart/related;type=\"application/rlmi+xml\";"
            + "start=\"<nXYxAE@pres.vancouver.example.com>\";boundary=\"" + RLMI_BOUNDARY + "\"";

    private static final String RLMI_NOTIFY_BODY = crlf("""
            --50UBfW7LSCVLtggUPef
            Content-Transfer-Encoding: binary
            Content-ID: <nXYxAE@pres.vancouver.example.com>
            Content-Type: application/rlmi+xml;charset="UTF-8"

            <?xml version="1.0" encoding="UTF-8"?>
            <list xmlns="urn:ietf:params:xml:ns:rlmi"
                  uri="sip:adam-friends@pres.vancouver.example.com"
                  version="1" fullState="true">
              <name xml:lang="en">Buddy List at COM</name>
              <resource uri="sip:bob@vancouver.example.com">
                <name>Bob Smith</name>
                <instance id="juwigmtboe" state="active"
                          cid="bUZBsM@pres.vancouver.example.com"/>
              </resource>
              <resource uri="sip:dave@vancouver.example.com">
                <name>Dave Jones</name>
                <instance id="hqzsuxtfyq" state="active"
                          cid="ZvSvkz@pres.vancouver.example.com"/>
              </resource>
            </list>

            --50UBfW7LSCVLtggUPef
            Content-Transfer-Encoding: binary
            Content-ID: <bUZBsM@pres.vancouver.example.com>
            Content-Type: application/pidf+xml;charset="UTF-8"

            <?xml version="1.0" encoding="UTF-8"?>
            <presence xmlns="urn:ietf:params:xml:ns:pidf"
                      entity="sip:bob@vancouver.example.com">
              <tuple id="sg89ae">
                <status>
                  <basic>open</basic>
                </status>
                <contact priority="1.0">sip:bob@vancouver.example.com</contact>
              </tuple>
            </presence>

            --50UBfW7LSCVLtggUPef
            Content-Transfer-Encoding: binary
            Content-ID: <ZvSvkz@pres.vancouver.example.com>
            Content-Type: application/pidf+xml;charset="UTF-8"

            <?xml version="1.0" encoding="UTF-8"?>
            <presence xmlns="urn:ietf:params:xml:ns:pidf"
                      entity="sip:dave@vancouver.example.com">
              <tuple id="slie74">
                <status>
                  <basic>closed</basic>
                </status>
              </tuple>
            </presence>

            --50UBfW7LSCVLtggUPef--
            """);

    // RFC 4475 §3.1.1.11 mpart01

    @Test
    void parsesTextAndBinaryPartsOfRfc4475Mpart01() throws MultipartException {
        byte[] message = resource("/torture/rfc4475/mpart01.dat");
        byte[] body = bodyOf(message);
        String boundary = MultipartBody.boundaryOf(headerValue(message, "Content-Type")).orElseThrow();

        MultipartBody multipart = MultipartBody.parse(body, boundary);

        assertEquals("7a9cbec02ceef655", boundary);
        assertEquals(2, multipart.parts().size());
        MimePart text = multipart.parts().get(0);
        assertEquals(Optional.of("text/plain"), text.contentType());
        assertEquals(Optional.of("binary"), text.header("content-transfer-encoding"));
        assertArrayEquals("Hello".getBytes(StandardCharsets.US_ASCII), text.content());
        MimePart binary = multipart.parts().get(1);
        assertEquals(Optional.of("application/octet-stream"), binary.contentType());
        assertArrayEquals(binaryPartOfMpart01(body, boundary), binary.content());
    }

    @Test
    void keepsNulBareCrAndBareLfOfMpart01BinaryPart() throws MultipartException {
        byte[] message = resource("/torture/rfc4475/mpart01.dat");
        byte[] content = MultipartBody.parse(bodyOf(message), "7a9cbec02ceef655").parts().get(1).content();

        assertEquals(342, content.length); // DER SEQUENCE 30 82 01 52: 4 + 0x152 bytes
        assertEquals(0x30, content[0] & 0xff);
        assertTrue(contains(content, new byte[] {0}), "NUL");
        assertTrue(contains(content, new byte[] {'5', '\n', 'h'}), "bare LF");
        assertTrue(contains(content, new byte[] {'3', '\r', (byte) 0x9a}), "bare CR");
    }

    // RFC 4662 §5 multipart/related resource-list NOTIFY

    @Test
    void parsesRfc4662NotifyWithRlmiRootAndTwoPidfParts() throws MultipartException {
        String boundary = MultipartBody.boundaryOf(RLMI_CONTENT_TYPE).orElseThrow();

        MultipartBody body = MultipartBody.parse(bytes(RLMI_NOTIFY_BODY), boundary);

        assertEquals(3, body.parts().size());
        assertEquals(List.of("application/rlmi+xml;charset=\"UTF-8\"", "application/pidf+xml;charset=\"UTF-8\"",
                        "application/pidf+xml;charset=\"UTF-8\""),
                body.parts().stream().map(p -> p.contentType().orElseThrow()).toList());
        String rlmi = text(body.parts().get(0));
        assertTrue(rlmi.startsWith("<?xml"));
        assertTrue(rlmi.endsWith("</list>\r\n"), "the CRLF before the delimiter belongs to the delimiter");
        assertTrue(text(body.parts().get(1)).contains("<basic>open</basic>"));
        assertTrue(text(body.parts().get(2)).contains("<basic>closed</basic>"));
    }

    @Test
    void findsRfc2387RootPartFromStartParameter() throws MultipartException {
        MultipartBody body = MultipartBody.parse(bytes(RLMI_NOTIFY_BODY), RLMI_BOUNDARY);

        Optional<MimePart> root = body.rootPart(MultipartBody.parameterOf(RLMI_CONTENT_TYPE, "start"));

        assertEquals(Optional.of(body.parts().get(0)), root);
        assertEquals(Optional.of("application/rlmi+xml"), MultipartBody.parameterOf(RLMI_CONTENT_TYPE, "TYPE"));
        assertEquals(Optional.of(body.parts().get(0)), body.rootPart(Optional.empty()));
    }

    @Test
    void findsPartByRlmiInstanceCidWithoutAngleBrackets() throws MultipartException {
        MultipartBody body = MultipartBody.parse(bytes(RLMI_NOTIFY_BODY), RLMI_BOUNDARY);

        assertEquals(Optional.of(body.parts().get(1)), body.partByContentId("bUZBsM@pres.vancouver.example.com"));
        assertEquals(Optional.of(body.parts().get(2)), body.partByContentId("<ZvSvkz@pres.vancouver.example.com>"));
        assertEquals(Optional.empty(), body.partByContentId("nobody@pres.vancouver.example.com"));
    }

    // Building

    @Test
    void roundTripsBuiltBodyThroughBytes() throws MultipartException {
        byte[] binary = {0, '\r', '\n', '-', '-', '\n', '\r', (byte) 0xff, '\r', '\n'};
        MultipartBody built = MultipartBody.builder("simple boundary")
                .part("application/rlmi+xml;charset=\"UTF-8\"", bytes("<list/>"), "Content-ID", "<root@example.com>")
                .part("application/octet-stream", binary, "Content-Transfer-Encoding", "binary")
                .part(new MimePart(List.of(), bytes("no headers at all")))
                .part(MimePart.of("text/plain", new byte[0]))
                .build();

        MultipartBody parsed = MultipartBody.parse(built.toBytes(), built.boundary());

        assertEquals(built.parts(), parsed.parts());
        assertEquals(built, parsed);
    }

    @Test
    void writesCanonicalForm() throws MultipartException {
        MultipartBody body = MultipartBody.builder("b").part("text/plain", bytes("hi")).build();

        assertEquals("--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n", text(body.toBytes()));
    }

    @Test
    void writesContentTypeValueWithQuotedParametersAndBoundary() throws MultipartException {
        MultipartBody body = MultipartBody.builder("Zq3").part("text/plain", bytes("x")).build();

        String value = body.contentTypeValue("multipart/related", "type", "application/rlmi+xml", "start",
                "<nXYxAE@pres.vancouver.example.com>");

        assertEquals("multipart/related;type=\"application/rlmi+xml\";"
                + "start=\"<nXYxAE@pres.vancouver.example.com>\";boundary=Zq3", value);
        assertEquals(Optional.of("Zq3"), MultipartBody.boundaryOf(value));
    }

    @Test
    void builderRefusesBoundaryLongerThan70Characters() {
        MultipartBody.Builder builder = MultipartBody.builder("x".repeat(71)).part("text/plain", bytes("a"));

        MultipartException e = assertThrows(MultipartException.class, builder::build);

        assertTrue(e.reason().contains("70"), e.reason());
    }

    @Test
    void builderAcceptsBoundaryOf70Characters() throws MultipartException {
        String boundary = "x".repeat(70);

        MultipartBody body = MultipartBody.builder(boundary).part("text/plain", bytes("a")).build();

        assertEquals(boundary, body.boundary());
    }

    @ParameterizedTest
    @MethodSource("illegalBoundaries")
    void builderRefusesBoundaryWithCharacterOutsideRfc2046Bchars(String boundary, int offset) {
        MultipartBody.Builder builder = MultipartBody.builder(boundary).part("text/plain", bytes("a"));

        MultipartException e = assertThrows(MultipartException.class, builder::build);

        assertEquals(offset, e.offset());
    }

    static Stream<Arguments> illegalBoundaries() {
        return Stream.of(Arguments.of("ab;c", 2), Arguments.of("a\"b", 1), Arguments.of("é", 0),
                Arguments.of("trailing ", 8), Arguments.of("a\r\nb", 1), Arguments.of("", 0));
    }

    @Test
    void builderRefusesContentContainingDelimiter() {
        MultipartBody.Builder builder = MultipartBody.builder("b").part("text/plain", bytes("one\r\n--b\r\ntwo"));

        MultipartException e = assertThrows(MultipartException.class, builder::build);

        assertEquals(3, e.offset());
    }

    @Test
    void builderRefusesContentStartingWithDashBoundary() {
        // The header block ends with CRLF, so the content's first bytes would complete a delimiter.
        MultipartBody.Builder builder = MultipartBody.builder("b").part("text/plain", bytes("--b"));

        assertThrows(MultipartException.class, builder::build);
    }

    @Test
    void builderRefusesHeaderValueWithCrlf() {
        MultipartBody.Builder builder = MultipartBody.builder("b")
                .part("text/plain", bytes("a"), "Content-ID", "<a@b>\r\nX-Injected: 1");

        assertThrows(MultipartException.class, builder::build);
    }

    @Test
    void builderRefusesBodyWithoutParts() {
        assertThrows(MultipartException.class, MultipartBody.builder("b")::build);
    }

    @Test
    void toBuilderKeepsPartsAndBoundary() throws MultipartException {
        MultipartBody body = MultipartBody.builder("b").part("text/plain", bytes("a")).build();

        MultipartBody more = body.toBuilder().part("text/plain", bytes("b")).build();

        assertEquals("b", more.boundary());
        assertEquals(List.of(body.parts().get(0), MimePart.of("text/plain", bytes("b"))), more.parts());
    }

    @Test
    void newBoundaryIsValidAndRepeatableForASeed() throws MultipartException {
        String boundary = MultipartBody.newBoundary(new SplittableRandom(42));

        assertEquals(MultipartBody.GENERATED_BOUNDARY_LENGTH, boundary.length());
        assertTrue(boundary.chars().allMatch(Character::isLetterOrDigit));
        assertEquals(boundary, MultipartBody.newBoundary(new SplittableRandom(42)));
        assertFalse(boundary.equals(MultipartBody.newBoundary(new SplittableRandom(43))));
        MultipartBody.builder(boundary).part("text/plain", bytes("a")).build();
    }

    // boundaryOf

    @ParameterizedTest
    @MethodSource("contentTypesWithBoundary")
    void boundaryOfReadsBoundaryParameter(String contentType, String boundary) {
        assertEquals(Optional.of(boundary), MultipartBody.boundaryOf(contentType));
    }

    static Stream<Arguments> contentTypesWithBoundary() {
        return Stream.of(
                Arguments.of("multipart/mixed;boundary=\"++\"", "++"),
                Arguments.of("multipart/mixed;boundary=7a9cbec02ceef655", "7a9cbec02ceef655"),
                Arguments.of("multipart/related; type=\"application/rlmi+xml\"; start=\"<x@y>\"; "
                        + "boundary=50UBfW7LSCVLtggUPef", "50UBfW7LSCVLtggUPef"),
                Arguments.of("multipart/mixed; BOUNDARY=abc", "abc"),
                Arguments.of("Multipart/Mixed ; Boundary = \"a b;c\" ; charset=x", "a b;c"),
                Arguments.of("multipart/mixed;boundary=\"q\\\"uoted\"", "q\"uoted"),
                Arguments.of("multipart/mixed;boundary='()+_,-./:=?", "'()+_,-./:=?"),
                Arguments.of("multipart/mixed;x=\"boundary=wrong\";boundary=right", "right"));
    }

    @ParameterizedTest
    @MethodSource("contentTypesWithoutBoundary")
    void boundaryOfIsEmptyWhenThereIsNoBoundary(String contentType) {
        assertEquals(Optional.empty(), MultipartBody.boundaryOf(contentType));
    }

    static Stream<String> contentTypesWithoutBoundary() {
        return Stream.of("multipart/mixed", "multipart/mixed;", "multipart/mixed;boundary", "multipart/mixed;boundary=",
                "multipart/mixed;boundary=\"\"", "multipart/mixed;xboundary=a", "text/plain;charset=\"boundary=x\"", "");
    }

    // Parsing tolerances

    @Test
    void ignoresPreambleAndEpilogue() throws MultipartException {
        String body = "This is the preamble, ignored.\r\n--b\r\n\r\nonly\r\n--b--\r\nThis is the epilogue.\r\n--b\r\n";

        MultipartBody parsed = MultipartBody.parse(bytes(body), "b");

        assertEquals(List.of(new MimePart(List.of(), bytes("only"))), parsed.parts());
    }

    @Test
    void acceptsTransportPaddingAfterDelimiters() throws MultipartException {
        String body = "--b \t\r\nContent-Type: text/plain\r\n\r\none\r\n--b\t\r\n\r\ntwo\r\n--b-- \r\n";

        MultipartBody parsed = MultipartBody.parse(bytes(body), "b");

        assertEquals(List.of("one", "two"), parsed.parts().stream().map(MultipartBodyTest::text).toList());
    }

    @Test
    void partStartingWithCrlfHasNoHeaders() throws MultipartException {
        MultipartBody parsed = MultipartBody.parse(bytes("--b\r\n\r\nContent-Type: not a header\r\n--b--"), "b");

        MimePart part = parsed.parts().get(0);
        assertEquals(List.of(), part.headers());
        assertEquals("Content-Type: not a header", text(part));
    }

    @Test
    void partWithHeadersButNoEmptyLineHasEmptyContent() throws MultipartException {
        MimePart part = MultipartBody.parse(bytes("--b\r\nContent-Type: text/plain\r\n--b--"), "b").parts().get(0);

        assertEquals(Optional.of("text/plain"), part.contentType());
        assertEquals(0, part.contentLength());
    }

    @Test
    void acceptsBareLfInPartHeaders() throws MultipartException {
        MimePart part = MultipartBody.parse(bytes("--b\r\nContent-Type: text/plain\nContent-ID: <a@b>\n\nx\r\n--b--"), "b")
                .parts().get(0);

        assertEquals(Optional.of("<a@b>"), part.contentId());
        assertEquals("x", text(part));
    }

    @Test
    void unfoldsFoldedPartHeader() throws MultipartException {
        MimePart part = MultipartBody.parse(bytes("--b\r\nContent-Type: application/pidf+xml;\r\n\tcharset=utf-8\r\n"
                + "\r\nx\r\n--b--"), "b").parts().get(0);

        assertEquals(Optional.of("application/pidf+xml;\tcharset=utf-8"), part.contentType());
    }

    @Test
    void unfoldsManyContinuationLinesIntoOneHeader() throws MultipartException {
        String body = "--b\r\nX-Long: a\r\n" + " a\r\n".repeat(20_000) + "\r\nx\r\n--b--";

        MimePart part = MultipartBody.parse(bytes(body), "b").parts().get(0);

        assertEquals(1 + 2 * 20_000, part.header("x-long").orElseThrow().length());
    }

    @Test
    void bareLfBeforeDashBoundaryIsContent() throws MultipartException {
        MimePart part = MultipartBody.parse(bytes("--b\r\n\r\none\n--b\r\ntwo\r\n--b--"), "b").parts().get(0);

        assertEquals("one\n--b\r\ntwo", text(part));
    }

    @Test
    void longerBoundaryStartingWithBoundaryIsContent() throws MultipartException {
        MimePart part = MultipartBody.parse(bytes("--b\r\n\r\none\r\n--bb\r\ntwo\r\n--b--"), "b").parts().get(0);

        assertEquals("one\r\n--bb\r\ntwo", text(part));
    }

    @Test
    void firstDelimiterMayFollowCrlfAtStart() throws MultipartException {
        assertEquals(1, MultipartBody.parse(bytes("\r\n--b\r\n\r\nx\r\n--b--"), "b").parts().size());
    }

    @Test
    void readsExactlyMaxParts() throws MultipartException {
        MultipartBody.Limits limits = new MultipartBody.Limits(3, 10);

        assertEquals(3, MultipartBody.parse(bytes(parts(3)), "b", limits).parts().size());
    }

    @Test
    void acceptsDefaultMaximumOf1000Parts() throws MultipartException {
        assertEquals(1000, MultipartBody.parse(bytes(parts(1000)), "b").parts().size());
    }

    // Refusals

    @Test
    void refusesMoreThanMaxParts() {
        MultipartException e = assertThrows(MultipartException.class,
                () -> MultipartBody.parse(bytes(parts(1001)), "b"));

        assertTrue(e.reason().contains("1000"), e.reason());
    }

    @Test
    void refusesMoreHeadersPerPartThanLimit() {
        String body = "--b\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\nx\r\n--b--";

        assertThrows(MultipartException.class,
                () -> MultipartBody.parse(bytes(body), "b", new MultipartBody.Limits(10, 2)));
    }

    @Test
    void refusesBodyWithoutCloseDelimiter() {
        byte[] body = bytes("--b\r\nContent-Type: text/plain\r\n\r\ntruncated");

        MultipartException e = assertThrows(MultipartException.class, () -> MultipartBody.parse(body, "b"));

        assertTrue(e.reason().contains("close delimiter"), e.reason());
        assertEquals(body.length, e.offset());
    }

    @Test
    void refusesBodyWithoutDelimiter() {
        MultipartException e = assertThrows(MultipartException.class,
                () -> MultipartBody.parse(bytes("just text, --other\r\n"), "b"));

        assertTrue(e.reason().contains("no delimiter"), e.reason());
        assertEquals(0, e.offset());
    }

    @Test
    void refusesCloseDelimiterBeforeAnyPart() {
        assertThrows(MultipartException.class, () -> MultipartBody.parse(bytes("--b--\r\n"), "b"));
    }

    @Test
    void refusesPartHeaderLineWithoutColon() {
        MultipartException e = assertThrows(MultipartException.class,
                () -> MultipartBody.parse(bytes("--b\r\nContent-Type text/plain\r\n\r\nx\r\n--b--"), "b"));

        assertEquals(5, e.offset());
    }

    @Test
    void refusesEmptyBoundary() {
        assertThrows(MultipartException.class, () -> MultipartBody.parse(bytes("----\r\n\r\nx\r\n------"), ""));
    }

    // Robustness

    @Test
    void throwsOnlyMultipartExceptionOnMutatedBodies() {
        SplittableRandom random = new SplittableRandom(4475);
        List<byte[]> seeds = fuzzSeeds();
        int refused = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] input = mutate(seeds.get(i % seeds.size()), random);
            String boundary = random.nextInt(10) == 0 ? "b" : boundaryOfSeed(i % seeds.size());
            try {
                MultipartBody.parse(input, boundary, new MultipartBody.Limits(1 + random.nextInt(5), 8));
            } catch (MultipartException e) {
                refused++;
                assertTrue(e.offset() >= 0 && e.offset() <= input.length, "offset " + e.offset());
            }
        }
        assertTrue(refused > 0 && refused < 2000, "mutations should both pass and fail: " + refused);
    }

    @Test
    void reparsingCanonicalFormOfMutatedBodiesGivesSameParts() throws MultipartException {
        SplittableRandom random = new SplittableRandom(5118);
        List<byte[]> seeds = fuzzSeeds();
        int reparsed = 0;
        for (int i = 0; i < 2000; i++) {
            String boundary = boundaryOfSeed(i % seeds.size());
            MultipartBody parsed;
            try {
                parsed = MultipartBody.parse(mutate(seeds.get(i % seeds.size()), random), boundary);
            } catch (MultipartException refused) {
                continue;
            }
            assertEquals(parsed, MultipartBody.parse(parsed.toBytes(), boundary));
            reparsed++;
        }
        assertTrue(reparsed > 200, "too few mutated bodies parsed: " + reparsed);
    }

    // MimePart

    @Test
    void mimePartHeaderLookupIsCaseInsensitiveFirstAndTrimmed() {
        MimePart part = new MimePart(List.of(Map.entry("content-id", "  <a@b> "), Map.entry("Content-ID", "<c@d>")),
                new byte[0]);

        assertEquals(Optional.of("<a@b>"), part.contentId());
        assertEquals(Optional.empty(), part.contentType());
    }

    @Test
    void mimePartsWithEqualBytesAreEqual() {
        MimePart a = MimePart.of("application/octet-stream", new byte[] {0, 1, 2});
        MimePart b = MimePart.of("application/octet-stream", new byte[] {0, 1, 2});

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertFalse(a.equals(MimePart.of("application/octet-stream", new byte[] {0, 1, 3})));
    }

    @Test
    void mimePartContentCannotBeChangedFromOutside() {
        byte[] content = {1, 2, 3};
        MimePart part = MimePart.of("application/octet-stream", content);

        content[0] = 9;
        part.content()[1] = 9;

        assertArrayEquals(new byte[] {1, 2, 3}, part.content());
    }

    // Helpers

    private static List<byte[]> fuzzSeeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(bodyOf(resource("/torture/rfc4475/mpart01.dat")));
        seeds.add(bytes(RLMI_NOTIFY_BODY));
        seeds.add(bytes("pre\r\n--b \r\nA: 1\nB:\r\n 2\r\n\r\n\r\n--b\r\n\r\n--b--\r\nepi"));
        return seeds;
    }

    private static String boundaryOfSeed(int seed) {
        return switch (seed) {
            case 0 -> "7a9cbec02ceef655";
            case 1 -> RLMI_BOUNDARY;
            default -> "b";
        };
    }

    private static final String[] FRAGMENTS = {"\r\n", "\n", "\r", "--", ":", " ", "\t", "\r\n\r\n", "\0",
            "--b", "--b--", "\r\n--b\r\n", "\r\n--7a9cbec02ceef655--", "\r\n--" + RLMI_BOUNDARY + "\r\n", "\"", "\u00e9"};

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] b = seed.clone();
        int operations = 1 + random.nextInt(4);
        for (int op = 0; op < operations; op++) {
            int at = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            switch (random.nextInt(5)) {
                case 0 -> { // overwrite one byte
                    if (b.length > 0) {
                        b[Math.min(at, b.length - 1)] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> b = insert(b, at, bytes(FRAGMENTS[random.nextInt(FRAGMENTS.length)]));
                case 2 -> { // delete a range
                    int end = Math.min(b.length, at + random.nextInt(40));
                    b = concat(Arrays.copyOfRange(b, 0, at), Arrays.copyOfRange(b, end, b.length));
                }
                case 3 -> b = Arrays.copyOfRange(b, 0, at); // truncate
                default -> { // duplicate a range
                    int end = Math.min(b.length, at + random.nextInt(200));
                    b = insert(b, at, Arrays.copyOfRange(b, at, end));
                }
            }
        }
        return b;
    }

    private static byte[] insert(byte[] b, int at, byte[] fragment) {
        return concat(concat(Arrays.copyOfRange(b, 0, at), fragment), Arrays.copyOfRange(b, at, b.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static String parts(int count) {
        return "--b\r\n\r\nx\r\n".repeat(count) + "--b--\r\n";
    }

    private static String crlf(String text) {
        return text.replace("\n", "\r\n");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String text(MimePart part) {
        return text(part.content());
    }

    private static byte[] resource(String path) {
        try (InputStream in = MultipartBodyTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body of a SIP message: Content-Length bytes after the first CRLF CRLF. */
    private static byte[] bodyOf(byte[] message) {
        int start = indexOf(message, bytes("\r\n\r\n"), 0) + 4;
        int length = Integer.parseInt(headerValue(message, "Content-Length"));
        return Arrays.copyOfRange(message, start, start + length);
    }

    /** A header of the message's header block (test-only; the real parser lives in sip.parser). */
    private static String headerValue(byte[] message, String name) {
        int end = indexOf(message, bytes("\r\n\r\n"), 0);
        for (String line : new String(message, 0, end, StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        throw new IllegalStateException("no " + name);
    }

    /** The binary part, located independently: after its header block, before the final CRLF--boundary--. */
    private static byte[] binaryPartOfMpart01(byte[] body, String boundary) {
        int headers = indexOf(body, bytes("application/octet-stream"), 0);
        int start = indexOf(body, bytes("\r\n\r\n"), headers) + 4;
        int end = indexOf(body, bytes("\r\n--" + boundary + "--"), start);
        return Arrays.copyOfRange(body, start, end);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle, 0) >= 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
