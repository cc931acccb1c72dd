package org.flexisip.common.registrar;

import java.util.List;
import java.util.Optional;

import org.flexisip.common.sip.header.AddressHeader;

/**
 * What a REGISTER (or the admin API) asks the database to bind.
 *
 * @param contacts     the contacts, each with the expiry the registrar granted it (0 = remove)
 * @param callId       Call-ID of the REGISTER
 * @param cseq         CSeq number of the REGISTER
 * @param path         Path URIs (without angle brackets) to store with each contact
 * @param accept       Accept values of the REGISTER
 * @param userAgent    User-Agent of the REGISTER, empty if none
 * @param alias        the contacts point into one of our domains
 * @param usedAsRoute  domain registration: the contacts are routes
 * @param connectionId the {@code fs-conn-id} of the connection the REGISTER came over, if any
 * @param matchKeyOnly match existing bindings by contact key only (REGISTRAR_DELETE), never by URI
 */
public record BindRequest(List<NewContact> contacts, String callId, long cseq, List<String> path,
        List<String> accept, String userAgent, boolean alias, boolean usedAsRoute, Optional<String> connectionId,
        boolean matchKeyOnly) {

    public BindRequest {
        contacts = List.copyOf(contacts);
        path = List.copyOf(path);
        accept = List.copyOf(accept);
    }

    /** A contact to bind and its granted expiry in seconds. */
    public record NewContact(AddressHeader contact, long expires) {
    }
}
