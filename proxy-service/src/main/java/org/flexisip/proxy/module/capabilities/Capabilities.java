package org.flexisip.proxy.module.capabilities;

import java.util.List;

import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipHeader;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.ModuleFactory;
import org.flexisip.proxy.module.ProxyServices;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;

/**
 * {@code module::Capabilities} (spec/proxy.md §6): answers {@code 200 OK} to an OPTIONS addressed to this proxy
 * itself, that is with no Route, no user part in its Request-URI and a Request-URI that is us (host and port,
 * spec/global.md §4). Any other request goes on; an OPTIONS to a user is forwarded to that user.
 * <p>
 * The answer lists what the proxy relays (RFC 3261 §11.2): {@link #ALLOW} and {@link #ACCEPT}. A proxy relays any
 * method, so {@code Allow} names the methods Flexisip clients use; {@code Accept} names the one body type that
 * is understood on the way (MediaRelay reads SDP). No parameters besides the common ones.
 */
public final class Capabilities implements Module {
    /** The methods listed in {@code Allow} (RFC 3261 §20.5, RFC 3262, 3265, 3311, 3428, 3515, 3903, 6086). */
    public static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, "
            + "MESSAGE, INFO, PRACK, UPDATE, REFER";
    /** The body types listed in {@code Accept} (RFC 3261 §20.1). */
    public static final String ACCEPT = "application/sdp";

    private static final List<SipHeader> HEADERS = List.of(SipHeader.of(HeaderName.ALLOW, ALLOW),
            SipHeader.of(HeaderName.ACCEPT, ACCEPT));

    public static final ModuleFactory FACTORY = context -> new Capabilities(context.services());

    private final ProxyServices services;

    public Capabilities(ProxyServices services) {
        this.services = services;
    }

    @Override
    public RequestOutcome onRequest(RequestEvent event) {
        SipRequest request = event.request();
        if (request.isMethod("OPTIONS") && request.headers(HeaderName.ROUTE).isEmpty()
                && request.requestUri() instanceof SipUri uri && uri.user().isEmpty() && services.isUs(uri)) {
            return RequestOutcome.reply(200, "OK", HEADERS);
        }
        return RequestOutcome.proceed();
    }
}
