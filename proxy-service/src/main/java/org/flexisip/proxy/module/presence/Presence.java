package org.flexisip.proxy.module.presence;

import java.util.List;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.filter.SipBooleanExpression;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.sip.uri.Uri;
import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.ModuleContext;
import org.flexisip.proxy.module.ModuleFactory;
import org.flexisip.proxy.module.ProxyServices;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;
import org.jboss.logging.Logger;

/**
 * {@code module::Presence} (spec/proxy.md §11): sends presence traffic to the presence server by prepending
 * {@code Route: <presence-server;lr>} (rule 1) to
 * <ul>
 * <li>an initial SUBSCRIBE (no To tag) with {@code Event: presence}, when {@code only-list-subscription} is false
 * for it or it has {@code Supported: eventlist} (RFC 4662);</li>
 * <li>a PUBLISH with {@code Event: presence} (RFC 3903).</li>
 * </ul>
 * Route entries at the top that are this proxy are removed first, as 2.4 does, so the server does not route the
 * request back here. Forward then sends the request there. Everything else (NOTIFYs, in-dialog SUBSCRIBEs) goes
 * on untouched.
 *
 * <table>
 * <caption>Parameters</caption>
 * <tr><th>Name</th><th>Meaning</th></tr>
 * <tr><td>{@code presence-server}</td><td>SIP URI of the presence server (default
 * {@code sip:127.0.0.1:5065;transport=tcp}); {@code lr} is added when missing. Checked at creation.</td></tr>
 * <tr><td>{@code only-list-subscription}</td><td>BooleanExpr evaluated on each SUBSCRIBE: true → only list
 * subscriptions go to the presence server.</td></tr>
 * <tr><td>{@code check-domain-in-presence-results}</td><td>Read by the presence server, not here.</td></tr>
 * </table>
 * Rule 2 (Authentication trusts the presence server's host) reads {@link #server()}.
 */
public final class Presence implements Module {
    private static final Logger LOG = Logger.getLogger(Presence.class);
    static final String PARAM_SERVER = "presence-server";
    static final String PARAM_ONLY_LIST = "only-list-subscription";

    public static final ModuleFactory FACTORY = Presence::create;

    private final ProxyServices services;
    private final SipUri server;
    private final String route;
    private final SipBooleanExpression onlyListSubscription;

    private Presence(ProxyServices services, SipUri server, SipBooleanExpression onlyListSubscription) {
        this.services = services;
        this.server = server;
        this.route = AddressHeader.of(server).toString();
        this.onlyListSubscription = onlyListSubscription;
    }

    public static Presence create(ModuleContext context) throws ModuleConfigurationException {
        ConfigSection section = context.section();
        String text = section.getString(PARAM_SERVER).strip();
        String where = "module::Presence/" + PARAM_SERVER;
        if (text.isEmpty()) {
            throw new ModuleConfigurationException(where + ": must not be empty");
        }
        SipUri server;
        try {
            if (!(Uri.parse(unbracketed(text)) instanceof SipUri uri)) {
                throw new ModuleConfigurationException(where + ": '" + text + "' is not a sip or sips URI");
            }
            server = uri.lr() ? uri : uri.toBuilder().parameter("lr", null).build();
        } catch (SipSyntaxException e) {
            throw new ModuleConfigurationException(where + ": '" + text + "' is not a SIP URI: " + e.reason(), e);
        }
        return new Presence(context.services(), server, section.getFilter(PARAM_ONLY_LIST));
    }

    /** The presence server, with {@code lr}. */
    public SipUri server() {
        return server;
    }

    /** The URI of {@code <uri>} or {@code uri}: written bare, its parameters are URI parameters. */
    private static String unbracketed(String text) {
        return text.startsWith("<") && text.endsWith(">") ? text.substring(1, text.length() - 1).strip() : text;
    }

    @Override
    public RequestOutcome onRequest(RequestEvent event) {
        SipRequest request = event.request();
        if (isPresenceRequest(request)) {
            SipRequest.Builder b = request.copy();
            List<AddressHeader> routes = request.routes();
            for (int i = 0; i < routes.size() && services.isUs(routes.get(i).uri()); i++) {
                b.removeFirstValue(HeaderName.ROUTE);
            }
            event.setRequest(b.addFirst(HeaderName.ROUTE, route).build());
            LOG.debugf("Routing %s to the presence server %s", event, server);
        }
        return RequestOutcome.proceed();
    }

    private boolean isPresenceRequest(SipRequest request) {
        if (request.isMethod("PUBLISH")) {
            return isPresenceEvent(request);
        }
        if (request.isMethod("SUBSCRIBE") && request.to().tag().isEmpty() && isPresenceEvent(request)) {
            return !onlyListSubscription.evaluate(request)
                    || request.supported().stream().anyMatch(tag -> tag.equalsIgnoreCase("eventlist"));
        }
        return false;
    }

    private static boolean isPresenceEvent(SipRequest request) {
        return request.event().filter(e -> e.is("presence")).isPresent();
    }
}
