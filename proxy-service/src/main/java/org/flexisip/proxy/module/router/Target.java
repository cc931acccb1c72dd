package org.flexisip.proxy.module.router;

import java.util.List;

import org.flexisip.common.sip.uri.Uri;

/**
 * Where one branch of a fork goes (spec/proxy.md §14.8).
 *
 * @param key        the contact key (one branch per device), or the URI text for static targets and the fallback
 * @param requestUri the branch's Request-URI: the contact URI, or the request's own for a route-type contact
 * @param routes     Route URIs to put first: the binding's Path, or the contact itself when it is used as a route
 * @param q          the contact's q (branch groups, descending)
 */
record Target(String key, Uri requestUri, List<String> routes, double q) {
    Target {
        routes = List.copyOf(routes);
    }
}
