package org.flexisip.proxy.module.router;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.flexisip.common.sip.message.SipResponse;

/**
 * The best final response of a fork (spec/proxy.md §14, "Best response"): branches in creation order, each
 * candidate compared with the current best by the table of the spec; a first pass leaves 503 and 408 out, a second
 * takes them when nothing else remains.
 */
final class BestResponse {
    /** Failures a user can act on: they beat other 4xx. */
    static final Set<Integer> USEFUL = Set.of(401, 407, 415, 420, 484);

    private BestResponse() {
    }

    static Optional<SipResponse> of(List<SipResponse> finals) {
        Optional<SipResponse> best = pass(finals, true);
        return best.isPresent() ? best : pass(finals, false);
    }

    private static Optional<SipResponse> pass(List<SipResponse> finals, boolean skipUnavailable) {
        SipResponse best = null;
        for (SipResponse candidate : finals) {
            int c = candidate.statusCode();
            if (c < 200 || (skipUnavailable && (c == 503 || c == 408))) {
                continue;
            }
            if (best == null || isBetter(c, best.statusCode())) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    static boolean isBetter(int candidate, int best) {
        if (candidate / 100 == 2) {
            return best / 100 != 2 || candidate < best;
        }
        if (best / 100 == 2) {
            return false;
        }
        if (candidate / 100 == 6) {
            return best / 100 != 6 || candidate < best;
        }
        if (best / 100 == 6) {
            return false;
        }
        if (candidate / 100 == 4 && best / 100 == 4) {
            return !USEFUL.contains(best) && USEFUL.contains(candidate);
        }
        return candidate / 100 < best / 100;
    }
}
