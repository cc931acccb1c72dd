package org.flexisip.proxy.module.garbagein;

import org.flexisip.proxy.module.Module;
import org.flexisip.proxy.module.ModuleFactory;
import org.flexisip.proxy.module.RequestEvent;
import org.flexisip.proxy.module.RequestOutcome;
import org.flexisip.proxy.module.ResponseEvent;
import org.flexisip.proxy.module.ResponseOutcome;
import org.jboss.logging.Logger;

/**
 * {@code module::GarbageIn} (spec/proxy.md §5): drops silently, without an answer, every message its filter lets
 * through, requests and responses alike. The chain applies the filter (default {@code false}, so nothing is
 * dropped until it is configured, for instance {@code filter=from.uri.domain == 'spam.example'}). No parameters
 * besides the common ones.
 */
public final class GarbageIn implements Module {
    private static final Logger LOG = Logger.getLogger(GarbageIn.class);

    public static final ModuleFactory FACTORY = context -> new GarbageIn();

    @Override
    public RequestOutcome onRequest(RequestEvent event) {
        LOG.debugf("Dropping %s", event);
        return RequestOutcome.drop();
    }

    @Override
    public ResponseOutcome onResponse(ResponseEvent event) {
        LOG.debugf("Dropping response %s", event);
        return ResponseOutcome.DROP;
    }
}
