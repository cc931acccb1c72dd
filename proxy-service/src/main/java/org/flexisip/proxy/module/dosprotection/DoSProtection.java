package org.flexisip.proxy.module.dosprotection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.config.FlexisipConfig;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.AuthHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipHeader;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transport.IncomingMessage;
import org.flexisip.common.sip.transport.dos.DosCounters;
import org.flexisip.common.sip.transport.dos.DosGuard;
import org.flexisip.common.sip.transport.dos.DosSettings;
import org.flexisip.common.sip.transport.dos.WhiteList;
import org.flexisip.common.time.SipClock;
import org.flexisip.proxy.module.ChainLink;
import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.ModuleChain;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.ModuleContext;
import org.flexisip.proxy.module.ModuleFactory;
import org.flexisip.proxy.module.ProxyServices;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;
import org.jboss.logging.Logger;

/**
 * {@code module::DoSProtection} (spec/proxy.md §3), first in the chain. The bans themselves are applied by the
 * transports, which consult this module's {@link DosGuard} before parsing anything (the proxy installs it with
 * {@link #guardOf(ModuleChain)}): no iptables, no root.
 * <ul>
 * <li>Packet rate: counted per UDP source and per TCP/TLS connection; see {@link DosGuard}.</li>
 * <li>Authentication failures (beyond Flexisip): for each request, the module asks to see the answer a later
 * module gives it ({@link RequestEvent#onModuleAnswer}); a 401 or 407 to a request that carried credentials
 * (a wrong password, not the first challenge; a {@code stale=true} challenge is not a failure) or a 403 counts
 * against the request's source address, which is banned everywhere after {@code auth-failure-limit} of them
 * within {@code auth-failure-period}. Answers relayed from downstream servers are not counted.</li>
 * <li>A request that comes from a banned source anyway (queued before the ban) is dropped.</li>
 * <li>{@code iptables-chain}: not supported, bans are applied in process; a value other than the default is
 * warned about.</li>
 * </ul>
 */
public final class DoSProtection implements Module {
    private static final Logger LOG = Logger.getLogger(DoSProtection.class);
    /** The default {@code iptables-chain}: the only value accepted silently, since it is not used. */
    public static final String DEFAULT_IPTABLES_CHAIN = "FLEXISIP";

    public static final ModuleFactory FACTORY = DoSProtection::new;

    private final DosGuard guard;

    public DoSProtection(ModuleContext context) throws ModuleConfigurationException {
        this.guard = new DosGuard(settings(context.section(), context.config()), deferredClock(context.services()),
                new DosCounters(name -> context.section().entry(name).counter()));
        String chain = context.section().getString("iptables-chain");
        if (!chain.equals(DEFAULT_IPTABLES_CHAIN)) {
            LOG.warnf("module::DoSProtection/iptables-chain=%s not supported: bans are applied in process", chain);
        }
    }

    /** For tests: the module with its settings and clock. */
    public DoSProtection(DosSettings settings, SipClock clock) {
        this.guard = new DosGuard(settings, clock);
    }

    /** The guard the transports consult. */
    public DosGuard guard() {
        return guard;
    }

    /** The guard of the DoSProtection module of {@code chain}, when it is built (enabled at start). */
    public static Optional<DosGuard> guardOf(ModuleChain chain) {
        for (ChainLink link : chain.links()) {
            if (link.module() instanceof DoSProtection d) {
                return Optional.of(d.guard);
            }
        }
        return Optional.empty();
    }

    /**
     * The settings of {@code section}; the cluster nodes ({@code cluster/nodes} when {@code cluster/enabled}) join
     * the white list. Names in the white list are resolved here, at start.
     */
    public static DosSettings settings(ConfigSection section, FlexisipConfig config)
            throws ModuleConfigurationException {
        List<String> entries = new ArrayList<>(section.getStringList("white-list"));
        config.section("cluster").filter(c -> c.getBoolean("enabled"))
                .ifPresent(c -> entries.addAll(c.getStringList("nodes")));
        WhiteList whiteList;
        try {
            whiteList = WhiteList.parse(entries);
        } catch (WhiteList.InvalidWhiteListException e) {
            throw new ModuleConfigurationException("module::DoSProtection/white-list: " + e.getMessage());
        }
        try {
            return new DosSettings(section.getDuration("time-period"), section.getInt("packet-rate-limit"),
                    section.getDuration("ban-time"), whiteList, section.getInt("auth-failure-limit"),
                    section.getDuration("auth-failure-period"), DosSettings.DEFAULT_MAX_TRACKED_SOURCES);
        } catch (IllegalArgumentException e) {
            throw new ModuleConfigurationException("module::DoSProtection/" + e.getMessage());
        }
    }

    @Override
    public RequestOutcome onRequest(RequestEvent event) {
        IncomingMessage in = event.incoming();
        if (guard.isBanned(in.remote(), in.protocol().isStream())) {
            LOG.debugf("dropped %s: its source is banned", event);
            return RequestOutcome.drop();
        }
        if (guard.settings().authFailureLimit() > 0) {
            SipRequest request = event.receivedRequest();
            event.onModuleAnswer(response -> {
                if (isAuthenticationFailure(request, response)) {
                    guard.authFailure(in.remote().getAddress(), response.statusCode() + " to " + request.method()
                            + " from " + request.header(HeaderName.FROM).map(SipHeader::value).orElse("?"));
                }
            });
        }
        return RequestOutcome.proceed();
    }

    /**
     * A refusal that a password guesser gets: 403, or 401/407 to a request that carried credentials (the first
     * challenge of a normal client carries none), unless the challenge only says the nonce was stale (RFC 2617
     * §3.2.1).
     */
    static boolean isAuthenticationFailure(SipRequest request, SipResponse response) {
        int status = response.statusCode();
        if (status == 403) {
            return true;
        }
        if (status != 401 && status != 407) {
            return false;
        }
        HeaderName credentials = status == 401 ? HeaderName.AUTHORIZATION : HeaderName.PROXY_AUTHORIZATION;
        if (request.header(credentials).isEmpty()) {
            return false;
        }
        HeaderName challenge = status == 401 ? HeaderName.WWW_AUTHENTICATE : HeaderName.PROXY_AUTHENTICATE;
        for (SipHeader h : response.headers(challenge)) {
            try {
                if (AuthHeader.parse(h.value()).param("stale").map(v -> v.toLowerCase(Locale.ROOT))
                        .filter("true"::equals).isPresent()) {
                    return false;
                }
            } catch (SipSyntaxException e) {
                // A challenge we cannot read is not a stale one.
            }
        }
        return true;
    }

    @Override
    public void onIdle() {
        guard.sweep();
    }

    /**
     * The proxy's clock, read at each use: while the configuration is only validated the services refuse any use,
     * and the module must still be built.
     */
    private static SipClock deferredClock(ProxyServices services) {
        return new SipClock() {
            @Override
            public long nanoTime() {
                return services.clock().nanoTime();
            }

            @Override
            public Instant now() {
                return services.clock().now();
            }
        };
    }
}
