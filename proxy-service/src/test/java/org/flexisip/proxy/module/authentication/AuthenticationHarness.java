package org.flexisip.proxy.module.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.sip.header.AuthHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipHeader;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.TransportSpec;
import org.flexisip.common.time.ManualClock;
import org.flexisip.proxy.module.ChainEnd;
import org.flexisip.proxy.module.ChainLink;
import org.flexisip.proxy.module.ModuleChain;
import org.flexisip.proxy.module.ModuleContext;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.ResponseEvent;
import org.flexisip.proxy.testing.FakeProxyServices;
import org.flexisip.proxy.testing.TestConfigs;
import org.flexisip.proxy.testing.TestMessages;

/**
 * An enabled Authentication module in a one-module chain over a password file written in {@code dir}, recording
 * what the chain answers and what it lets go on. Configuration lines are {@code param=value} of
 * {@code module::Authentication} or {@code section/param=value}; {@code auth-domains} is {@code example.org} unless
 * given. The client side of digest (RFC 2617 §3.2.2, RFC 7616 §3.4) is computed here, independently of the module.
 */
final class AuthenticationHarness {
    static final String PASSWORDS = """
            version:1
            # test accounts
            alice@example.org clrtxt:secret ;
            bob@example.org md5:%s ; bob-auth 33612345678
            """;

    final FakeProxyServices services = new FakeProxyServices();
    final ManualClock clock = (ManualClock) services.clock();
    final FlexisipConfig config;
    final ConfigSection section;
    final Authentication module;
    final List<SipResponse> replies = new ArrayList<>();
    final List<RequestEvent> passed = new ArrayList<>();
    private final ModuleChain chain;

    AuthenticationHarness(Path dir, Optional<PasswordBackend> backend, String... lines) throws Exception {
        this.config = config(dir, lines);
        this.section = config.section("module::Authentication").orElseThrow();
        this.module = Authentication.create(new ModuleContext(section, config, services), new SecureRandom(),
                backend);
        this.chain = new ModuleChain(List.of(new ChainLink(section.spec().module().orElseThrow(), section, module)),
                Runnable::run, new ChainEnd() {
                    @Override
                    public void reply(RequestEvent event, SipResponse response) {
                        replies.add(response);
                    }

                    @Override
                    public void requestNotTaken(RequestEvent event) {
                        passed.add(event);
                    }

                    @Override
                    public void responseDone(ResponseEvent event) {
                    }
                });
    }

    static AuthenticationHarness with(Path dir, String... lines) throws Exception {
        return new AuthenticationHarness(dir, Optional.empty(), lines);
    }

    /** The configuration with the default password file written in {@code dir} unless file-path is given. */
    static FlexisipConfig config(Path dir, String... lines) throws Exception {
        List<String> overrides = new ArrayList<>();
        overrides.add("module::Authentication/enabled=true");
        if (Arrays.stream(lines).noneMatch(l -> l.startsWith("auth-domains="))) {
            overrides.add("module::Authentication/auth-domains=example.org");
        }
        if (Arrays.stream(lines).noneMatch(l -> l.startsWith("file-path=") || l.startsWith("db-implementation="))) {
            overrides.add("module::Authentication/file-path=" + writePasswords(dir, defaultPasswords()));
        }
        for (String line : lines) {
            overrides.add(line.substring(0, line.indexOf('=')).contains("/") ? line
                    : "module::Authentication/" + line);
        }
        return TestConfigs.with(overrides.toArray(String[]::new));
    }

    static String defaultPasswords() {
        return PASSWORDS.formatted(md5("bob-auth:example.org:bobpass"));
    }

    static Path writePasswords(Path dir, String content) throws IOException {
        Path file = dir.resolve("passwords");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    // ---- running requests ----

    /** Runs {@code text} (received over UDP from {@link TestMessages#CLIENT}) and returns the only answer. */
    SipResponse answer(String text) {
        return answer(TestMessages.parse(text) instanceof SipRequest r ? r : null);
    }

    SipResponse answer(SipRequest request) {
        int before = replies.size();
        run(request);
        assertEquals(before + 1, replies.size(), "one answer expected");
        return replies.get(replies.size() - 1);
    }

    /** Runs {@code text} and returns the request as it went on; fails when it was answered. */
    SipRequest passes(String text) {
        int before = passed.size();
        int answered = replies.size();
        run((SipRequest) TestMessages.parse(text));
        assertEquals(answered, replies.size(), () -> "unexpected answer " + replies.get(replies.size() - 1));
        assertEquals(before + 1, passed.size(), "the request should go on");
        return passed.get(passed.size() - 1).request();
    }

    void run(SipRequest request) {
        run(request, TestMessages.CLIENT);
    }

    void run(SipRequest request, InetSocketAddress from) {
        chain.onRequest(new RequestEvent(new IncomingMessage(request, TransportSpec.Protocol.UDP, from,
                TestMessages.PROXY, Optional.empty()), null));
    }

    long counter(String name) {
        return section.entry(name).counter().get();
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    // ---- messages ----

    /** A request of {@code method} from {@code from} (a SIP URI) to bob, with the given extra lines. */
    static String request(String method, String from, int cseq, String... lines) {
        String uri = method.equals("REGISTER") ? "sip:example.org" : "sip:bob@example.org";
        StringBuilder b = new StringBuilder(method + " " + uri + " SIP/2.0\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-auth" + cseq + ";rport\n"
                + "Max-Forwards: 70\n"
                + "From: <" + from + ">;tag=f1\n"
                + "To: <" + (method.equals("REGISTER") ? from : "sip:bob@example.org") + ">\n"
                + "Call-ID: auth-1@192.0.2.10\n"
                + "CSeq: " + cseq + " " + method + "\n");
        for (String l : lines) {
            b.append(l).append('\n');
        }
        return b.append("Content-Length: 0\n\n").toString();
    }

    static String register(int cseq, String... lines) {
        return request("REGISTER", "sip:alice@example.org", cseq, lines);
    }

    static String invite(int cseq, String... lines) {
        return request("INVITE", "sip:alice@example.org", cseq, lines);
    }

    /** The challenges of a 401 or 407. */
    static List<AuthHeader> challenges(SipResponse response) {
        return response.statusCode() == 401 ? response.wwwAuthenticates() : response.proxyAuthenticates();
    }

    static List<String> challengeLines(SipResponse response) {
        HeaderName name = response.statusCode() == 401 ? HeaderName.WWW_AUTHENTICATE : HeaderName.PROXY_AUTHENTICATE;
        return response.headers(name).stream().map(SipHeader::value).toList();
    }

    // ---- client side of digest ----

    /**
     * What a client answers to {@code challenge}: {@code Digest username=..., realm=..., nonce=..., uri=...,
     * response=..., algorithm=..., [qop=auth, nc=..., cnonce=...,] opaque=...}.
     */
    static String answerTo(AuthHeader challenge, String username, String password, String method, String uri,
            int nc) {
        String realm = challenge.param("realm").orElseThrow();
        String algorithm = challenge.param("algorithm").orElse("MD5");
        String ha1 = hash(algorithm, username + ":" + realm + ":" + password);
        return answerWithHa1(challenge, username, ha1, method, uri, nc);
    }

    static String answerWithHa1(AuthHeader challenge, String username, String ha1, String method, String uri,
            int nc) {
        String realm = challenge.param("realm").orElseThrow();
        String nonce = challenge.param("nonce").orElseThrow();
        String algorithm = challenge.param("algorithm").orElse("MD5");
        String ha2 = hash(algorithm, method + ":" + uri);
        boolean qop = challenge.param("qop").isPresent();
        String ncText = "%08x".formatted(nc);
        String cnonce = "0a4f113b";
        String response = qop ? hash(algorithm, ha1 + ":" + nonce + ":" + ncText + ":" + cnonce + ":auth:" + ha2)
                : hash(algorithm, ha1 + ":" + nonce + ":" + ha2);
        return "Digest username=\"" + username + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=" + algorithm
                + (qop ? ", qop=auth, nc=" + ncText + ", cnonce=\"" + cnonce + "\"" : "")
                + ", opaque=\"" + challenge.param("opaque").orElse("") + "\"";
    }

    static String md5(String data) {
        return hash("MD5", data);
    }

    static String hash(String algorithm, String data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
