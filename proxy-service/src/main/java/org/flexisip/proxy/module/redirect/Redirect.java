package org.flexisip.proxy.module.redirect;

import java.util.List;

import org.flexisip.common.config.ConfigSection;
import org.flexisip.common.sip.grammar.SipSyntaxException;
import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipHeader;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.ModuleConfigurationException;
import org.flexisip.proxy.module.ModuleContext;
import org.flexisip.proxy.module.ModuleFactory;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;

/**
 * {@code module::Redirect} (spec/proxy.md §9): answers {@code 302 Moved Temporarily} with
 * {@code Contact: <contact>} to every request its filter lets through, except ACK and CANCEL, which cannot be
 * answered (RFC 3261 §9.2, §17.2.3) and go on.
 *
 * <table>
 * <caption>Parameters</caption>
 * <tr><th>Name</th><th>Meaning</th></tr>
 * <tr><td>{@code contact}</td><td>The Contact of the answers, one or more addresses with their parameters
 * ({@code <sip:192.0.2.5:5065>;expires=100}). Checked at creation: it must parse, and must not be empty when
 * the module is enabled.</td></tr>
 * </table>
 */
public final class Redirect implements Module {
    static final String PARAM_CONTACT = "contact";

    public static final ModuleFactory FACTORY = Redirect::create;

    private final List<SipHeader> headers;

    private Redirect(List<SipHeader> headers) {
        this.headers = headers;
    }

    /** The module, with {@code contact} checked. */
    public static Redirect create(ModuleContext context) throws ModuleConfigurationException {
        ConfigSection section = context.section();
        String contact = section.getString(PARAM_CONTACT).strip();
        if (contact.isEmpty()) {
            if (section.getBoolean("enabled")) {
                throw new ModuleConfigurationException(
                        "module::Redirect/contact: must be set when the Redirect module is enabled");
            }
            // Disabled (enabled is not runtime-settable): it never sees a request.
            return new Redirect(List.of());
        }
        try {
            AddressHeader.parseList(contact);
        } catch (SipSyntaxException e) {
            throw new ModuleConfigurationException("module::Redirect/contact: '" + contact
                    + "' is not a Contact value: " + e.reason(), e);
        }
        return new Redirect(List.of(SipHeader.of(HeaderName.CONTACT, contact)));
    }

    @Override
    public RequestOutcome onRequest(RequestEvent event) {
        SipRequest request = event.request();
        if (headers.isEmpty() || request.isMethod("ACK") || request.isMethod("CANCEL")) {
            return RequestOutcome.proceed();
        }
        return RequestOutcome.reply(302, "Moved Temporarily", headers);
    }
}
