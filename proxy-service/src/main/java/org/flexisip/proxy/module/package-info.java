/**
 * The proxy's module chain (spec/proxy.md §1, §2): every request and response goes through the enabled
 * modules in the 2.4 order until one replies, drops, suspends or takes it; Forward, the last one, sends it on.
 * <p>
 * Everything here runs on the proxy's single SIP thread (the "SIP loop", as Flexisip runs on its one sofia-sip
 * loop): a module never blocks it. Work that must wait (a database lookup, a name resolution) suspends the
 * request with {@link org.flexisip.proxy.module.RequestOutcome#suspend()} and resumes it later with
 * {@link org.flexisip.proxy.module.RequestEvent#resume()}, from any thread. Plain Java, no CDI.
 */
package org.flexisip.proxy.module;
