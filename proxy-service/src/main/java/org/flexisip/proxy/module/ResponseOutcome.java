package org.flexisip.proxy.module;

/** What a module does with a response: let it go on, or drop it (logged by the chain). */
public enum ResponseOutcome {
    CONTINUE, DROP
}
