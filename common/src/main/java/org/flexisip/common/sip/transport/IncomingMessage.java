package org.flexisip.common.sip.transport;

import java.net.InetSocketAddress;
import java.util.Optional;

import org.flexisip.common.sip.message.SipMessage;

/**
 * A message received by a transport, with where it came from.
 *
 * @param message    the message (a request's top Via already carries {@code received} and {@code rport})
 * @param protocol   the transport it arrived on
 * @param remote     the peer's address
 * @param local      our address it arrived at
 * @param connection the stream connection it arrived on (empty for UDP)
 */
public record IncomingMessage(SipMessage message, TransportSpec.Protocol protocol, InetSocketAddress remote,
        InetSocketAddress local, Optional<SipConnection> connection) {
}
