package org.flexisip.proxy.module.sanitychecker;

import java.util.Optional;

import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.header.EventHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.InvalidHeaderException;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.uri.OpaqueUri;
import org.flexisip.common.sip.uri.SipUri;
import org.flexisip.common.sip.uri.TelUri;
import org.flexisip.common.sip.uri.Uri;
import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.ModuleFactory;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;
import org.jboss.logging.Logger;

/**
 * {@code module::SanityChecker} (spec/proxy.md §4): answers {@code 400} to a request that later modules could not
 * process, with a reason phrase naming the first defect found, checked in this order:
 * <ol>
 * <li>no Via;</li>
 * <li>From missing, unparsable, without host or without {@code tag};</li>
 * <li>To missing, unparsable or without host;</li>
 * <li>an {@code @} or {@code \} in the user part of the From or To URI (2.4.4);</li>
 * <li>a Request-URI with a scheme other than {@code sip}, {@code sips} and {@code tel}, or without host;</li>
 * <li>a Contact that does not parse or has no host (a lone {@code Contact: *} is accepted);</li>
 * <li>a SUBSCRIBE without Event (RFC 6665 §3.1.2, 2.4.2), or with one that does not parse.</li>
 * </ol>
 * An unescaped {@code @} or {@code \} cannot get through our parser (it refuses the URI), so the user part check
 * is made on the unescaped user: {@code sip:alice%40evil.org@example.org} is refused too, for once unescaped it
 * names another identity. A {@code tel} URI has no host; its number stands for it, as in 2.4 (sofia keeps the
 * number in the host field). Responses are not checked. No parameters besides the common ones.
 */
public final class SanityChecker implements Module {
    private static final Logger LOG = Logger.getLogger(SanityChecker.class);

    public static final ModuleFactory FACTORY = context -> new SanityChecker();

    @Override
    public RequestOutcome onRequest(RequestEvent event) {
        Optional<String> defect = defect(event.request());
        if (defect.isPresent()) {
            LOG.debugf("Rejecting %s: %s", event, defect.get());
            return RequestOutcome.reply(400, defect.get());
        }
        return RequestOutcome.proceed();
    }

    /** The first defect of {@code request}, as a reason phrase; empty when it is sane. */
    static Optional<String> defect(SipRequest request) {
        return via(request)
                .or(() -> address(request, HeaderName.FROM))
                .or(() -> address(request, HeaderName.TO))
                .or(() -> requestUri(request.requestUri()))
                .or(() -> contacts(request))
                .or(() -> event(request));
    }

    private static Optional<String> via(SipRequest request) {
        try {
            return request.vias().isEmpty() ? Optional.of("No Via header") : Optional.empty();
        } catch (InvalidHeaderException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** From (which needs a tag) or To. */
    private static Optional<String> address(SipRequest request, HeaderName name) {
        String header = name.canonical();
        if (request.header(name).isEmpty()) {
            return Optional.of("Missing " + header + " header");
        }
        AddressHeader address;
        try {
            address = name == HeaderName.FROM ? request.from() : request.to();
        } catch (InvalidHeaderException e) {
            return Optional.of(e.getMessage());
        }
        if (!hasHost(address.uri())) {
            return Optional.of(header + " header without host");
        }
        if (name == HeaderName.FROM && address.tag().isEmpty()) {
            return Optional.of("From header without tag");
        }
        if (address.uri() instanceof SipUri sip && sip.user().filter(SanityChecker::hasForbiddenUserChar).isPresent()) {
            return Optional.of("'@' or '\\' in the " + header + " user part");
        }
        return Optional.empty();
    }

    private static boolean hasForbiddenUserChar(String user) {
        return user.indexOf('@') >= 0 || user.indexOf('\\') >= 0;
    }

    private static Optional<String> requestUri(Uri uri) {
        if (uri instanceof OpaqueUri) {
            return Optional.of("Unsupported Request-URI scheme '" + uri.scheme() + "'");
        }
        return hasHost(uri) ? Optional.empty() : Optional.of("Request-URI without host");
    }

    private static Optional<String> contacts(SipRequest request) {
        try {
            for (AddressHeader contact : request.contacts()) {
                if (!hasHost(contact.uri())) {
                    return Optional.of("Contact header without host");
                }
            }
            return Optional.empty();
        } catch (InvalidHeaderException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Optional<String> event(SipRequest request) {
        if (!request.isMethod("SUBSCRIBE")) {
            return Optional.empty();
        }
        try {
            Optional<EventHeader> event = request.event();
            return event.isEmpty() ? Optional.of("SUBSCRIBE without Event header") : Optional.empty();
        } catch (InvalidHeaderException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * A SIP URI has a host by construction (checked anyway); a tel URI's number stands for it; another scheme has
     * one when it has an authority ({@code http://host...}).
     */
    private static boolean hasHost(Uri uri) {
        if (uri instanceof SipUri sip) {
            return !sip.host().isEmpty();
        }
        if (uri instanceof TelUri tel) {
            return !tel.number().isEmpty();
        }
        if (uri instanceof OpaqueUri opaque) {
            String part = opaque.schemeSpecificPart();
            return part.startsWith("//") && part.length() > 2 && part.charAt(2) != '/';
        }
        return false;
    }
}
