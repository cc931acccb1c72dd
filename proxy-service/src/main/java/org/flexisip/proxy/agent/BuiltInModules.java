package org.flexisip.proxy.agent;

import java.util.Map;

import org.flexisip.common.registrar.RegistrarDb;
import org.flexisip.proxy.module.ModuleFactory;
import org.flexisip.proxy.module.authentication.Authentication;
import org.flexisip.proxy.module.capabilities.Capabilities;
import org.flexisip.proxy.module.dosprotection.DoSProtection;
import org.flexisip.proxy.module.garbagein.GarbageIn;
import org.flexisip.proxy.module.nathelper.NatHelper;
import org.flexisip.proxy.module.presence.Presence;
import org.flexisip.proxy.module.redirect.Redirect;
import org.flexisip.proxy.module.regevent.RegEvent;
import org.flexisip.proxy.module.registrar.Registrar;
import org.flexisip.proxy.module.router.Router;
import org.flexisip.proxy.module.sanitychecker.SanityChecker;

/** The modules of spec/proxy.md built so far, by their section name (Forward is added by the catalog). */
final class BuiltInModules {
    private BuiltInModules() {
    }

    static void register(Map<String, ModuleFactory> m, RegistrarDb db) {
        m.put("Registrar", Registrar.factory(db));
        m.put("Router", Router.factory(db));
        m.put("SanityChecker", SanityChecker.FACTORY);
        m.put("GarbageIn", GarbageIn.FACTORY);
        m.put("Capabilities", Capabilities.FACTORY);
        m.put("NatHelper", NatHelper.FACTORY);
        m.put("Redirect", Redirect.FACTORY);
        m.put("RegEvent", RegEvent.FACTORY);
        m.put("Presence", Presence.FACTORY);
        m.put("DoSProtection", DoSProtection.FACTORY);
        m.put("Authentication", Authentication.FACTORY);
    }
}
