package org.flexisip.proxy.module;

import org.flexisip.common.sip.message.SipResponse;

/** Where the chain hands its results: the proxy core. Called on the SIP loop. */
public interface ChainEnd {
    /** A module answered the request (or the chain did, for an exception). */
    void reply(RequestEvent event, SipResponse response);

    /** Every module let the request go on and none took it: Forward is missing or refused it silently. */
    void requestNotTaken(RequestEvent event);

    /** The response went through every module: deliver it (to its server transaction, or statelessly). */
    void responseDone(ResponseEvent event);
}
