package org.flexisip.common.config;

/** When and in which version a parameter was deprecated, and what the operator should do instead. */
public record Deprecation(String date, String version, String advice) {
    public String describe() {
        return "deprecated since " + date + " (version " + version + "): " + advice;
    }
}
