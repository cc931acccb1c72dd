package org.flexisip.common.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.flexisip.common.config.ConfigLoader;
import org.flexisip.common.config.ConfigSources;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.config.Role;
import org.flexisip.common.config.schema.StandardSchema;
import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.parser.Decoded;
import org.flexisip.common.sip.parser.SipMessageParser;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The role's logs as an operator reads them: in files under {@code log-directory}. */
class FlexisipLoggingTest {
    private static final Logger LOG = Logger.getLogger("org.flexisip.test.logging");
    private static final String INVITE = "INVITE sip:bob@example.org SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKlog1\r\n"
            + "From: <sip:alice@example.org>;tag=1\r\n"
            + "To: <sip:bob@example.org>\r\n"
            + "Call-ID: log-1@example.org\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: 23\r\n"
            + "\r\n"
            + "v=0\r\ns=secret-session\r\n";

    @TempDir
    Path dir;

    private FlexisipLogging logging;
    private FlexisipConfig config;

    private FlexisipLogging install(boolean debug, String... overrides) throws Exception {
        List<String> sets = new ArrayList<>(List.of("global/log-directory=" + dir));
        sets.addAll(List.of(overrides));
        config = new ConfigLoader(StandardSchema.build("v"), Role.PROXY).load(new ConfigSources(Optional.empty(),
                dir.resolve("absent.conf"), sets, Optional.empty()), () -> "").config();
        logging = new FlexisipLogging(config.global(),
                new FlexisipLogging.Options("proxy", debug, false, "127.0.0.1", 514));
        logging.install();
        return logging;
    }

    @AfterEach
    void uninstall() {
        if (logging != null) {
            logging.close();
        }
    }

    private String mainLog() throws Exception {
        return Files.readString(dir.resolve("flexisip-proxy.log"), StandardCharsets.UTF_8);
    }

    private static SipMessage invite() {
        return ((Decoded.Message) new SipMessageParser().parseDatagram(INVITE.getBytes(StandardCharsets.US_ASCII)))
                .message();
    }

    @Test
    void theRoleWritesItsOwnFileInTheLogDirectory() throws Exception {
        install(false);
        LOG.error("an error line");
        assertTrue(mainLog().contains("an error line"));
    }

    @Test
    void atLevelErrorADebugLineIsAbsent() throws Exception {
        install(false, "global/log-level=error");
        LOG.debug("a debug line");
        LOG.error("an error line");
        assertFalse(mainLog().contains("a debug line"));
    }

    @Test
    void changingTheLevelWhileRunningAppliesToTheNextLine() throws Exception {
        install(false, "global/log-level=error");
        config.setAtRuntime("global", "log-level", "debug", "test");
        LOG.debug("a debug line after the change");
        assertTrue(mainLog().contains("a debug line after the change"));
    }

    @Test
    void debugOptionWritesDebugLinesWhateverTheLevel() throws Exception {
        install(true, "global/log-level=error");
        LOG.debug("debug with -d");
        assertTrue(mainLog().contains("debug with -d"));
    }

    @Test
    void aMessageMatchingTheContextualFilterMakesItsDebugLinesAppear() throws Exception {
        install(false, "global/log-level=error", "global/contextual-log-filter=request.method == 'INVITE'");
        logging.contextual().processing(invite(), () -> LOG.debug("debug while processing the INVITE"));
        LOG.debug("debug outside any message");
        String log = mainLog();
        assertTrue(log.contains("debug while processing the INVITE"), log);
        assertFalse(log.contains("debug outside any message"), log);
    }

    @Test
    void aMessageNotMatchingTheContextualFilterKeepsTheLogLevel() throws Exception {
        install(false, "global/log-level=error", "global/contextual-log-filter=request.method == 'BYE'");
        logging.contextual().processing(invite(), () -> LOG.debug("debug while processing the INVITE"));
        assertFalse(mainLog().contains("debug while processing the INVITE"));
    }

    @Test
    void showBodyForFalseHidesTheBody() throws Exception {
        install(false, "global/show-body-for=false");
        String rendered = logging.messageLog().render(invite());
        assertFalse(rendered.contains("secret-session"), rendered);
        assertTrue(rendered.contains("23 bytes of body not shown"), rendered);
    }

    @Test
    void showBodyForTrueShowsTheBody() throws Exception {
        install(false, "global/show-body-for=content-type == 'application/sdp'");
        assertTrue(logging.messageLog().render(invite()).contains("secret-session"));
    }

    @Test
    void showBodyForChangedWhileRunningAppliesToTheNextMessage() throws Exception {
        install(false);
        config.setAtRuntime("global", "show-body-for", "false", "test");
        assertFalse(logging.messageLog().render(invite()).contains("secret-session"));
    }

    @Test
    void userErrorsGoToTheirOwnFileWhenEnabled() throws Exception {
        install(false, "global/user-errors-logs=true");
        logging.userErrors().report("REGISTER for sip:a@unknown.example: domain not served");
        String userErrors = Files.readString(dir.resolve("flexisip-proxy-user-errors.log"));
        assertTrue(userErrors.contains("domain not served"), userErrors);
    }

    @Test
    void userErrorsAreNotLoggedWhenDisabled() throws Exception {
        install(false, "global/user-errors-logs=false", "global/log-level=debug");
        logging.userErrors().report("should not be written");
        assertFalse(mainLog().contains("should not be written"));
        assertFalse(Files.exists(dir.resolve("flexisip-proxy-user-errors.log")));
    }

    @Test
    void syslogReceivesTheLinesAtOrAboveTheSyslogLevel() throws Exception {
        try (java.net.DatagramSocket receiver = new java.net.DatagramSocket(0,
                java.net.InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(10_000);
            List<String> sets = List.of("global/log-directory=" + dir, "global/syslog-level=warning");
            config = new ConfigLoader(StandardSchema.build("v"), Role.PROXY).load(new ConfigSources(
                    Optional.empty(), dir.resolve("absent.conf"), sets, Optional.empty()), () -> "").config();
            logging = new FlexisipLogging(config.global(), new FlexisipLogging.Options("proxy", false, true,
                    "127.0.0.1", receiver.getLocalPort()));
            logging.install();
            LOG.info("an info line below the syslog level");
            LOG.warn("a warning for syslog");
            java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[4096], 4096);
            receiver.receive(packet);
            String line = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            assertTrue(line.contains("a warning for syslog"), line);
            assertTrue(line.contains("flexisip-proxy"), line);
        }
    }

    @Test
    void logFileNameReplacesServerWithTheRoles() {
        LogFiles files = LogFiles.of("/var/log/x", "flexisip-{server}.log", "proxy+presence");
        assertEquals(Path.of("/var/log/x/flexisip-proxy+presence.log"), files.mainLog());
        assertEquals(Path.of("/var/log/x/flexisip-proxy+presence-user-errors.log"), files.userErrors());
    }
}
