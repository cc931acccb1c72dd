/**
 * The SIP transaction layer (RFC 3261 §17, as updated by RFC 6026): client and server transactions for INVITE
 * and for the other methods, request and response matching (§17.1.3, §17.2.3, with the RFC 2543 fallback), the
 * retransmission and timeout timers (A to M), and the ACK a client transaction sends for a 300-699 response.
 *
 * <h2>Threading</h2>
 * The whole layer is confined to <em>one</em> thread, the proxy's SIP loop, as in Flexisip (sofia-sip runs its
 * transaction engine on one su_root):
 * <ul>
 * <li>every public method of {@link org.flexisip.common.sip.transaction.TransactionLayer} and of the
 * transactions is called on that thread, and the {@link org.flexisip.common.sip.transaction.TransactionUser}
 * and every {@link org.flexisip.common.sip.transaction.ClientTransactionListener} are called on it;</li>
 * <li>timers are scheduled on a {@link org.flexisip.common.time.TimerService} whose tasks run on it (a
 * {@link org.flexisip.common.time.HashedWheelTimer} built with the loop as its executor);</li>
 * <li>the futures of {@link org.flexisip.common.sip.transaction.MessageSender}, which may complete on a Netty
 * thread, hop back onto it through the {@code sipLoop} executor before any state is touched.</li>
 * </ul>
 * There are therefore no locks and no volatile fields here, and none must be added: calling in from another
 * thread is a bug.
 *
 * <h2>Shape</h2>
 * Each of the four machines ({@link org.flexisip.common.sip.transaction.InviteClientTransaction},
 * {@link org.flexisip.common.sip.transaction.NonInviteClientTransaction},
 * {@link org.flexisip.common.sip.transaction.InviteServerTransaction},
 * {@link org.flexisip.common.sip.transaction.NonInviteServerTransaction}) carries its RFC figure in its class
 * Javadoc, uses the states of {@link org.flexisip.common.sip.transaction.TransactionState} its figure names, and
 * has one handler per state. Timers ({@link org.flexisip.common.sip.transaction.TransactionTimer}) are armed on
 * entering a state and cancelled on leaving it. An event a state does not expect is logged at warn and counted
 * ({@link org.flexisip.common.sip.transaction.TransactionLayer#unexpectedEvents()}).
 */
package org.flexisip.common.sip.transaction;
