package org.flexisip.proxy.module;

import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.transaction.ClientTransaction;

/**
 * Who decides what the caller gets from the branches of a request forwarded statefully (RFC 3261 §16.7). The core
 * relays a single branch itself; the Router's forks set themselves on each branch's event
 * ({@code event.setAttribute(BranchOwner.class, fork)}) to choose among several. Called on the SIP loop.
 */
public interface BranchOwner {
    /** A branch was sent. */
    void onBranchStarted(ClientTransaction branch);

    /**
     * A response of a branch, after the module chain: without this proxy's Via, ready for the caller; a timeout or
     * transport error of the branch arrives as a 408 or 503 addressed to the caller.
     */
    void onBranchResponse(ClientTransaction branch, SipResponse response);

    /**
     * A branch was answered by a module before it left (Forward's 482 or 503, say): it counts as a branch that
     * failed with {@code response}, never as the answer to the caller.
     */
    void onBranchRefused(SipResponse response);

    /** The caller cancelled: the core answers 487 itself; the owner cancels its branches. */
    void onCallerCancel();
}
