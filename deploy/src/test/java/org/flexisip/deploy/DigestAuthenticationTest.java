package org.flexisip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flexisip.common.config.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * module::Authentication (spec/proxy.md §8, RFC 3261 §22, RFC 2617) in the built proxy jar against sipp's own
 * digest implementation ({@code [authentication]} from an injection file). sipp 3.6.1 computes MD5 only (it
 * refuses a SHA-256 challenge: "authentication must use MD5 or AKAv1-MD5"), so the SHA-256 flows are run by
 * liblinphone in {@link LinphoneClientsTest}; here SHA-256 appears in the challenges only.
 */
class DigestAuthenticationTest {
    private static final String PASSWORDS = """
            version:1
            alice@localhost clrtxt:secret ;
            bob@localhost clrtxt:bobpass ;
            """;
    private static final String ALICE = "SEQUENTIAL\nalice;[authentication username=alice password=secret]\n";
    private static final String ALICE_WRONG = "SEQUENTIAL\nalice;[authentication username=alice password=guess]\n";
    private static final String CALLEE_HOST = "example.invalid";
    private static final Pattern AUTHORIZATION = Pattern.compile("(?m)^Authorization: .*$");
    /** An answer as svwar prints it, with the user of its To. */
    private static final Pattern SVWAR_ANSWER = Pattern.compile("Response: '(SIP/2\\.0 [^']*?To: (\\w+) <[^']*)'");

    @TempDir
    Path dir;
    private ServiceProcess proxy;
    private int port;
    private int calleePort;

    @AfterEach
    void stopProxy() throws InterruptedException {
        if (proxy != null) {
            proxy.close();
        }
    }

    // ---- rules 5 to 9 with sipp's digest

    @Test
    void aRegisterAnsweringTheMd5ChallengeIsAccepted() throws Exception {
        start("");
        assertEquals(List.of(401, 200), statuses(register("auth-register.xml", ALICE)));
    }

    @Test
    void anInviteAnsweringTheMd5ChallengeReachesTheCalleeAndTheCallEnds() throws Exception {
        start("");
        try (SippProcess callee = SippProcess.server(dir, "callee", "uas-call.xml", calleePort,
                "-key", "proxy_address", "127.0.0.1:" + port)) {
            callee.awaitListening();
            SippRun caller = run("caller", "auth-call.xml", ALICE, "-s", "bob", "-key", "callee_host", CALLEE_HOST);
            assertEquals(0, caller.exit(), caller.report());
            assertEquals(0, callee.awaitExit(), callee.report() + caller.report());
            assertTrue(caller.messages().contains("SIP/2.0 407 Proxy Authentication Required"), caller.report());
        }
    }

    @Test
    void aMessageAnsweringTheMd5ChallengeReachesTheRecipientWithoutTheCredentials() throws Exception {
        start("");
        try (SippProcess recipient = SippProcess.server(dir, "recipient", "uas-message.xml", calleePort)) {
            recipient.awaitListening();
            SippRun sender = run("sender", "auth-message.xml", ALICE, "-s", "bob", "-key", "callee_host",
                    CALLEE_HOST);
            assertEquals(0, sender.exit(), sender.report());
            assertEquals(0, recipient.awaitExit(), recipient.report() + sender.report());
            assertEquals(List.of(407, 200), statuses(sender));
        }
    }

    @Test
    void theChallengesFollowTheConfiguredAlgorithmsWithOneNonceTheConstantOpaqueAndQopAuth() throws Exception {
        start("available-algorithms=SHA-256 MD5\n");
        SippRun run = run("challenged", "register-answered.xml", ALICE);
        List<String> challenges = run.messages().lines().filter(l -> l.startsWith("WWW-Authenticate:")).toList();
        assertEquals(2, challenges.size(), run.report());
        Pattern shape = Pattern.compile("WWW-Authenticate: Digest realm=\"localhost\", nonce=\"([A-Za-z0-9_-]{40,})\", "
                + "opaque=\"\\+GNywA==\", algorithm=(SHA-256|MD5), qop=\"auth\"");
        Matcher first = shape.matcher(challenges.get(0));
        Matcher second = shape.matcher(challenges.get(1));
        assertTrue(first.matches() && second.matches(), challenges.toString());
        assertEquals("SHA-256", first.group(2));
        assertEquals("MD5", second.group(2));
        assertEquals(first.group(1), second.group(1), "one nonce for every algorithm");
    }

    @Test
    void replayedCredentialsGetAFreshChallenge() throws Exception {
        start("");
        SippRun accepted = register("auth-register.xml", ALICE);
        assertEquals(List.of(401, 200), statuses(accepted));
        Matcher credentials = AUTHORIZATION.matcher(accepted.messages());
        assertTrue(credentials.find(), accepted.report());
        SippRun replay = run("replay", "register-replayed.xml", ALICE, "-key", "credentials",
                credentials.group().strip());
        assertEquals(List.of(401), statuses(replay), "the same nonce count again");
    }

    @Test
    void credentialsForAnExpiredNonceGetANewChallengeWithStaleTrue() throws Exception {
        start("nonce-expires=1\n");
        SippRun run = run("stale", "auth-register-stale.xml", ALICE);
        assertEquals(0, run.exit(), run.report());
        assertEquals(List.of(401, 401, 200), statuses(run));
    }

    @Test
    void aWrongPasswordGets403() throws Exception {
        start("");
        SippRun run = register("auth-register.xml", ALICE_WRONG);
        assertEquals(List.of(401, 403), statuses(run));
        assertTrue(run.messages().contains("SIP/2.0 403 Forbidden"), run.report());
    }

    @Test
    void aWrongPasswordIsChallengedAgainWithNo403() throws Exception {
        start("no-403=true\n");
        assertEquals(List.of(401, 401), statuses(register("auth-register.xml", ALICE_WRONG)));
    }

    @Test
    void aTrustedHostRegistersWithoutChallenge() throws Exception {
        start("trusted-hosts=127.0.0.1\n");
        assertEquals(List.of(200), statuses(run("trusted", "register-answered.xml", ALICE)));
    }

    @Test
    void aDomainOutsideAuthDomainsGets403DomainForbidden() throws Exception {
        start("");
        SippRun run = run("foreign", "register-answered.xml", ALICE, "-key", "domain", "elsewhere.org");
        assertEquals(List.of(403), statuses(run));
        assertTrue(run.messages().contains("SIP/2.0 403 Domain forbidden"), run.report());
    }

    // ---- no user enumeration (spec/proxy.md §8, issue: "an unknown user is challenged exactly like a known one")

    /**
     * sipvicious' svwar, scanning with REGISTER and with INVITE for alice and bob (who have passwords) among users
     * who do not exist, finds nothing: every user gets the same answer, once the values that change with each
     * request (tags, branch, Call-ID, nonce) are set aside.
     */
    @Test
    void svwarCannotTellExistingUsersFromOthers() throws Exception {
        start("");
        for (String method : List.of("REGISTER", "INVITE")) {
            // svwar stops at the first answer equal to its probe of a random user (ours: the same 401 or 407), so a
            // scan reports its first user and those already sent by then, depending on timing: one scan starting
            // with known users and one starting with unknown ones give an answer of each kind whatever the timing.
            java.util.Map<String, String> byUser = new java.util.TreeMap<>();
            byUser.putAll(svwarAnswers(method, List.of("alice", "carol", "bob", "dave", "nobody")));
            byUser.putAll(svwarAnswers(method, List.of("carol", "alice", "dave", "bob", "nobody")));
            assertTrue(byUser.keySet().stream().anyMatch(List.of("alice", "bob")::contains)
                    && byUser.keySet().stream().anyMatch(u -> !u.equals("alice") && !u.equals("bob")),
                    method + ": answers for " + byUser.keySet());
            assertEquals(1, java.util.Set.copyOf(byUser.values()).size(), method + ": " + byUser);
        }
    }

    /** The answers svwar printed for a scan of {@code users} with {@code method}, normalized, by user. */
    private java.util.Map<String, String> svwarAnswers(String method, List<String> users) throws Exception {
        String name = method + "-" + users.get(0);
        Path list = Files.write(dir.resolve("svwar-" + name + ".txt"), users);
        Path output = dir.resolve("svwar-" + name + ".out");
        Process svwar = new ProcessBuilder("timeout", "--kill-after=5s", "90s", "svwar", "-d", list.toString(),
                "-m", method, "--force", "--domain=localhost", "-P",
                Integer.toString(ServiceProcess.freeUdpAndTcpPort()), "-p", Integer.toString(port), "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        assertTrue(svwar.waitFor(100, java.util.concurrent.TimeUnit.SECONDS), "svwar did not end");
        String scan = Files.readString(output);
        assertTrue(scan.contains("found nothing"), name + " scan\n" + scan);
        Matcher answer = SVWAR_ANSWER.matcher(scan);
        java.util.Map<String, String> byUser = new java.util.TreeMap<>();
        while (answer.find()) {
            byUser.put(answer.group(2), normalized(answer.group(1)));
        }
        assertTrue(byUser.containsKey(users.get(0)), name + ": no answer for " + users.get(0) + "\n" + scan);
        return byUser;
    }

    /**
     * The answer without what changes with each request: its status line, its header names in order, and the
     * challenge without its nonce.
     */
    private static String normalized(String printed) {
        StringBuilder out = new StringBuilder();
        for (String line : printed.split("\\\\r\\\\n")) {
            int colon = line.indexOf(':');
            if (line.startsWith("SIP/2.0") || colon < 0) {
                out.append(line).append('|');
            } else if (line.contains("Authenticate:")) {
                out.append(line.replaceAll("nonce=\"[^\"]*\"", "nonce")).append('|');
            } else {
                out.append(line, 0, colon).append('|');
            }
        }
        return out.toString();
    }

    // ---- helpers

    /**
     * Starts the proxy with Authentication enabled for {@code localhost} (the default auth-domains) over the
     * password file, {@code authentication} lines added to its section; requests for {@link #CALLEE_HOST} are
     * forwarded to a sipp peer on {@link #calleePort}, and NatHelper record-routes.
     */
    private void start(String authentication) throws IOException {
        calleePort = ServiceProcess.freeUdpAndTcpPort();
        Path passwords = Files.writeString(dir.resolve("passwords"), PASSWORDS);
        Path routes = Files.writeString(dir.resolve("routes.conf"),
                "<sip:127.0.0.1:" + calleePort + ";transport=udp> true\n");
        Path file = Files.writeString(dir.resolve("flexisip.conf"), "[global]\nlog-level=debug\n\n"
                + "[module::Authentication]\nenabled=true\nfile-path=" + passwords + "\n" + authentication + "\n"
                + "[module::NatHelper]\nenabled=true\n\n"
                + "[module::Forward]\nroutes-config-path=" + routes + "\n");
        port = ServiceProcess.freeUdpAndTcpPort();
        proxy = ServiceProcess.start(Role.PROXY, dir, "-c", file.toString(), "-t", "sip:127.0.0.1:" + port);
        proxy.awaitReady();
    }

    private SippRun register(String scenario, String users) throws Exception {
        return run("registrar-client", scenario, users);
    }

    /** Runs a sipp client of {@code scenario} with {@code users} as injection file, to its end. */
    private SippRun run(String name, String scenario, String users, String... args) throws Exception {
        Path file = Files.writeString(dir.resolve(name + "-users.csv"), users);
        List<String> all = new ArrayList<>(List.of("-inf", file.toString()));
        if (!List.of(args).contains("domain")) {
            all.addAll(List.of("-key", "domain", "localhost"));
        }
        all.addAll(List.of(args));
        try (SippProcess sipp = SippProcess.client(dir, name, scenario, "127.0.0.1:" + port,
                all.toArray(String[]::new))) {
            int exit = sipp.awaitExit();
            return new SippRun(exit, Files.exists(dir.resolve(name + "-messages.log"))
                    ? Files.readString(dir.resolve(name + "-messages.log")) : "", sipp.report() + proxyReport());
        }
    }

    /** The status codes of the final responses sipp received, in order. */
    private static List<Integer> statuses(SippRun run) {
        return SippProcess.finalStatuses(run.messages());
    }

    private String proxyReport() {
        try {
            List<String> lines = proxy.stdout().lines().toList();
            return "==== proxy output (tail)\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 150), lines.size())) + "\n";
        } catch (IOException e) {
            return "(proxy output unreadable: " + e.getMessage() + ")";
        }
    }

    /** One finished sipp run: its exit code, its message trace, and everything to read when a test fails. */
    private record SippRun(int exit, String messages, String report) {
    }
}
