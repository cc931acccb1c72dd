package org.flexisip.proxy.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.sip.message.InvalidHeaderException;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.proxy.testing.TestConfigs;
import org.flexisip.proxy.testing.TestMessages;
import org.junit.jupiter.api.Test;

class ModuleChainTest {
    private final List<String> calls = new ArrayList<>();
    private final RecordingEnd end = new RecordingEnd();

    /** A module that notes its name and answers with the given outcome. */
    private Module noting(String name, RequestOutcome outcome) {
        return event -> {
            calls.add(name);
            return outcome;
        };
    }

    private ChainLink link(FlexisipConfig config, String module, Module m) {
        ConfigSection section = config.section("module::" + module).orElseThrow();
        return new ChainLink(section.spec().module().orElseThrow(), section, m);
    }

    private RequestEvent options() {
        return new RequestEvent(TestMessages.udp(TestMessages.options("sip:example.org")), null);
    }

    @Test
    void everyAcceptingModuleSeesTheRequestInOrder() throws Exception {
        FlexisipConfig config = TestConfigs.with();
        ModuleChain chain = new ModuleChain(List.of(link(config, "SanityChecker", noting("a", RequestOutcome.proceed())),
                link(config, "Capabilities", noting("b", RequestOutcome.proceed()))), Runnable::run, end);
        chain.onRequest(options());
        assertEquals(List.of("a", "b"), calls);
        assertEquals(1, end.notTaken.size());
    }

    @Test
    void aDisabledModuleIsSkippedAndItsFilterNotEvaluated() throws Exception {
        FlexisipConfig config = TestConfigs.with("module::Capabilities/enabled=false");
        ModuleChain chain = new ModuleChain(List.of(link(config, "Capabilities", noting("caps",
                RequestOutcome.proceed()))), Runnable::run, end);
        chain.onRequest(options());
        assertEquals(List.of(), calls);
        ConfigSection s = config.section("module::Capabilities").orElseThrow();
        assertEquals(0, s.entry("count-eval-true").counter().get());
        assertEquals(0, s.entry("count-eval-false").counter().get());
    }

    @Test
    void aFalseFilterSkipsTheModuleAndCountsEvalFalse() throws Exception {
        FlexisipConfig config = TestConfigs.with("module::Capabilities/filter=request.method-name == 'INVITE'");
        ModuleChain chain = new ModuleChain(List.of(link(config, "Capabilities", noting("caps",
                RequestOutcome.proceed()))), Runnable::run, end);
        chain.onRequest(options());
        assertEquals(List.of(), calls);
        ConfigSection s = config.section("module::Capabilities").orElseThrow();
        assertEquals(0, s.entry("count-eval-true").counter().get());
        assertEquals(1, s.entry("count-eval-false").counter().get());
    }

    @Test
    void aTrueFilterCountsEvalTrue() throws Exception {
        FlexisipConfig config = TestConfigs.with("module::Capabilities/filter=request.method-name == 'OPTIONS'");
        ModuleChain chain = new ModuleChain(List.of(link(config, "Capabilities", noting("caps",
                RequestOutcome.proceed()))), Runnable::run, end);
        chain.onRequest(options());
        assertEquals(List.of("caps"), calls);
        assertEquals(1, config.section("module::Capabilities").orElseThrow().entry("count-eval-true").counter().get());
    }

    @Test
    void aReplyStopsTheChainAndCarriesAToTag() throws Exception {
        FlexisipConfig config = TestConfigs.with();
        ModuleChain chain = new ModuleChain(List.of(link(config, "SanityChecker", noting("a",
                RequestOutcome.reply(403, "Forbidden"))), link(config, "Capabilities", noting("b",
                RequestOutcome.proceed()))), Runnable::run, end);
        chain.onRequest(options());
        assertEquals(List.of("a"), calls);
        SipResponse r = end.replies.get(0);
        assertEquals(403, r.statusCode());
        assertTrue(r.to().tag().isPresent());
    }

    @Test
    void anExceptionInAModuleIsAnswered500() throws Exception {
        FlexisipConfig config = TestConfigs.with();
        ModuleChain chain = new ModuleChain(List.of(link(config, "SanityChecker", event -> {
            throw new IllegalStateException("bug");
        })), Runnable::run, end);
        chain.onRequest(options());
        assertEquals(500, end.replies.get(0).statusCode());
    }

    @Test
    void aMalformedHeaderFoundByAModuleIsAnswered400NamingIt() throws Exception {
        FlexisipConfig config = TestConfigs.with();
        ModuleChain chain = new ModuleChain(List.of(link(config, "SanityChecker", event -> {
            throw new InvalidHeaderException("Expires", "not a number");
        })), Runnable::run, end);
        chain.onRequest(options());
        assertEquals(400, end.replies.get(0).statusCode());
        assertTrue(end.replies.get(0).reasonPhrase().contains("Expires"));
    }

    @Test
    void aSuspendedRequestResumesWithTheModuleAfterTheOneThatSuspendedIt() throws Exception {
        FlexisipConfig config = TestConfigs.with();
        List<RequestEvent> suspended = new ArrayList<>();
        ModuleChain chain = new ModuleChain(List.of(link(config, "SanityChecker", event -> {
            calls.add("a");
            suspended.add(event);
            return RequestOutcome.suspend();
        }), link(config, "Capabilities", noting("b", RequestOutcome.handled()))), Runnable::run, end);
        chain.onRequest(options());
        assertEquals(List.of("a"), calls);
        suspended.get(0).resume();
        assertEquals(List.of("a", "b"), calls);
        assertEquals(0, end.notTaken.size());
    }

    @Test
    void aSuspendedRequestCanBeAnsweredLater() throws Exception {
        FlexisipConfig config = TestConfigs.with();
        List<RequestEvent> suspended = new ArrayList<>();
        ModuleChain chain = new ModuleChain(List.of(link(config, "SanityChecker", event -> {
            suspended.add(event);
            return RequestOutcome.suspend();
        })), Runnable::run, end);
        chain.onRequest(options());
        suspended.get(0).reply(503, "Database unavailable");
        assertEquals(503, end.replies.get(0).statusCode());
    }

    @Test
    void aDroppedResponseIsNotDelivered() throws Exception {
        FlexisipConfig config = TestConfigs.with();
        Module dropper = new Module() {
            @Override
            public RequestOutcome onRequest(RequestEvent event) {
                return RequestOutcome.proceed();
            }

            @Override
            public ResponseOutcome onResponse(ResponseEvent event) {
                return ResponseOutcome.DROP;
            }
        };
        ModuleChain chain = new ModuleChain(List.of(link(config, "SanityChecker", dropper)), Runnable::run, end);
        SipResponse ok = (SipResponse) TestMessages.parse("SIP/2.0 200 OK\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKx\n"
                + "From: <sip:a@example.org>;tag=1\nTo: <sip:b@example.org>;tag=2\nCall-ID: c\nCSeq: 1 OPTIONS\n"
                + "Content-Length: 0\n\n");
        chain.onResponse(new ResponseEvent(ok, null, null));
        assertEquals(0, end.responses.size());
    }

    private static final class RecordingEnd implements ChainEnd {
        final List<SipResponse> replies = new ArrayList<>();
        final List<RequestEvent> notTaken = new ArrayList<>();
        final List<ResponseEvent> responses = new ArrayList<>();

        @Override
        public void reply(RequestEvent event, SipResponse response) {
            replies.add(response);
        }

        @Override
        public void requestNotTaken(RequestEvent event) {
            notTaken.add(event);
        }

        @Override
        public void responseDone(ResponseEvent event) {
            responses.add(event);
        }
    }
}
