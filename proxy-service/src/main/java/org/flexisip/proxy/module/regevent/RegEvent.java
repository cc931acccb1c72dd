package org.flexisip.proxy.module.regevent;

import java.util.List;

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
 * {@code module::RegEvent} (spec/proxy.md §10): sends the initial SUBSCRIBEs (no To tag) for the {@code reg}
 * event package (RFC 3680) to the reg-event server, by prepending {@code Route: <regevent-server;lr>}; Forward
 * then sends them there. Route entries at the top that are this proxy are removed first, as 2.4 does, so the
 * server does not route the request back here. Everything else goes on untouched.
 *
 * <table>
 * <caption>Parameters</caption>
 * <tr><th>Name</th><th>Meaning</th></tr>
 * <tr><td>{@code regevent-server}</td><td>SIP URI of the reg-event server (default
 * {@code sip:127.0.0.1:6065;transport=tcp}); {@code lr} is added when missing. Checked at creation.</td></tr>
 * </table>
 */
public final class RegEvent implements Module {
    private static final Logger LOG = Logger.getLogger(RegEvent.class);
    static final String PARAM_SERVER = "regevent-server";

    public static final ModuleFactory FACTORY = RegEvent::create;

    private final ProxyServices services;
    private final SipUri server;
    private final String route;

    private RegEvent(ProxyServices services, SipUri server) {
        this.services = services;
        this.server = server;
        this.route = AddressHeader.of(server).toString();
    }

    public static RegEvent create(ModuleContext context) throws ModuleConfigurationException {
        String text = context.section().getString(PARAM_SERVER).strip();
        String where = "module::RegEvent/" + PARAM_SERVER;
        if (text.isEmpty()) {
            throw new ModuleConfigurationException(where + ": must not be empty");
        }
        try {
            if (Uri.parse(unbracketed(text)) instanceof SipUri uri) {
                return new RegEvent(context.services(), uri.lr() ? uri : uri.toBuilder().parameter("lr", null).build());
            }
            throw new ModuleConfigurationException(where + ": '" + text + "' is not a sip or sips URI");
        } catch (SipSyntaxException e) {
            throw new ModuleConfigurationException(where + ": '" + text + "' is not a SIP URI: " + e.reason(), e);
        }
    }

    /** The reg-event server, with {@code lr}. */
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
        if (request.isMethod("SUBSCRIBE") && request.to().tag().isEmpty()
                && request.event().filter(e -> e.is("reg")).isPresent()) {
            SipRequest.Builder b = request.copy();
            List<AddressHeader> routes = request.routes();
            for (int i = 0; i < routes.size() && services.isUs(routes.get(i).uri()); i++) {
                b.removeFirstValue(HeaderName.ROUTE);
            }
            event.setRequest(b.addFirst(HeaderName.ROUTE, route).build());
            LOG.debugf("Routing %s to the reg-event server %s", event, server);
        }
        return RequestOutcome.proceed();
    }
}
